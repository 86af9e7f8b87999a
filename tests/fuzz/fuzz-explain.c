/* fuzz-explain: replycodes_explain and replycodes_oneline on arbitrary bytes. They must never crash, never read
 * past the input, and always write something to the buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/replycodes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct buf out;
	int code = 0;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* explain takes a C string: an embedded NUL simply ends it */
	buf_init(&out, 256 * 1024);
	int r = replycodes_explain(s, &out);
	if (r != 0 && r != -1)
		abort();
	if (out.len == 0)
		abort();
	for (size_t i = 0; i < 3 && i < size; i++)
		code = code * 10 + (data[i] % 10);
	char line[64];
	const char *m = replycodes_oneline(code, s, line, size % sizeof line);
	if (!m || (m == line && strlen(m) >= sizeof line))
		abort();
	buf_free(&out);
	free(s);
	return 0;
}
