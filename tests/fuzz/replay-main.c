/* replay-main: a tiny stand-in for libFuzzer's main, so every normal build (gcc or clang, no fuzzer runtime) runs
 * each committed corpus through its harness. Arguments are files or directories (every regular file inside,
 * in name order). Exits 1 when nothing was replayed (a missing corpus must not pass silently). A harness that
 * finds a bug aborts, which fails the test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* libFuzzer's own default -max_len is much smaller; this only keeps a stray huge file from eating memory. */
#define REPLAY_MAX_INPUT (1u << 20)

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	uint8_t *data = malloc(REPLAY_MAX_INPUT);
	if (data == NULL) {
		fclose(f);
		return -1;
	}
	size_t n = fread(data, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	/* A copy of exactly n bytes, so ASan sees any read past the input's end. */
	uint8_t *exact = malloc(n ? n : 1);
	if (exact == NULL) {
		free(data);
		return -1;
	}
	memcpy(exact, data, n);
	free(data);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int only_visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int main(int argc, char **argv)
{
	long replayed = 0, failed = 0;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]) == 0)
				replayed++;
			else
				failed++;
			continue;
		}
		struct dirent **names;
		int n = scandir(argv[i], &names, only_visible, alphasort);
		if (n < 0) {
			perror(argv[i]);
			failed++;
			continue;
		}
		for (int k = 0; k < n; k++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) == 0)
					replayed++;
				else
					failed++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %ld input%s, %ld unreadable\n", replayed, replayed == 1 ? "" : "s", failed);
	return replayed > 0 && failed == 0 ? 0 : 1;
}
