/* sasl-mech: the RFC 4422 rule for a mechanism's name, shared by listen mode (src/listen.c) and the lab (the
 * command a held reply answers, src/lab/lab-smtp.c), so that bytes a remote client chose reach no view as a name. */
#include "lib/sasl-mech.h"

size_t sasl_mech_name(const char *p, size_t n, char *out)
{
	out[0] = '\0';
	if (n == 0 || n > SASL_MECH_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) {
			out[0] = '\0';
			return 0;
		}
		out[i] = ch;
	}
	out[n] = '\0';
	return n;
}
