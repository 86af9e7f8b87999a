/* run-median: the wall time of a whole command, the way the whole-session benchmark needs it. Runs CMD once to
 * warm up, then RUNS times, and prints the median in ms (3 decimals). Each run is posix_spawn() (a vfork, so the
 * timer adds next to nothing of its own), the command's exec, its work and its exit, up to waitpid(): what a
 * user or a script pays to run the command. The command's standard streams are /dev/null.
 *
 *   smtpcon-run-median RUNS CMD [ARG...]
 *
 * Why not `date +%s%N` around the command in bash: each `date` is a fork and an exec of its own, which here adds
 * about 2 ms to every figure, more than a tenth of a whole smtpcon session. A command that fails ends the
 * program with its status: a fast failure is no benchmark. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 10000

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double run_once(char **cmd, const posix_spawn_file_actions_t *quiet)
{
	pid_t pid;
	int status;
	double t0 = now_ms();
	int rc = posix_spawnp(&pid, cmd[0], quiet, NULL, cmd, environ);
	if (rc != 0) {
		fprintf(stderr, "run-median: cannot run %s\n", cmd[0]);
		exit(1);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "run-median: %s failed (status %d)\n", cmd[0], status);
		exit(1);
	}
	return now_ms() - t0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s RUNS CMD [ARG...]\n", argv[0]);
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "run-median: RUNS must be 1-%d\n", MAX_RUNS);
		return 2;
	}
	posix_spawn_file_actions_t quiet;
	posix_spawn_file_actions_init(&quiet);
	for (int fd = 0; fd <= 2; fd++)
		posix_spawn_file_actions_addopen(&quiet, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
	static double ms[MAX_RUNS];
	run_once(argv + 2, &quiet);
	for (int i = 0; i < runs; i++)
		ms[i] = run_once(argv + 2, &quiet);
	qsort(ms, (size_t)runs, sizeof ms[0], by_value);
	printf("%.3f\n", ms[(runs - 1) / 2]);
	posix_spawn_file_actions_destroy(&quiet);
	return 0;
}
