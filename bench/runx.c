/* bench/runx: runs commands side by side, interleaved, and reports for each
 * the median and minimum wall time (fork to exit) and the peak RSS (wait4).
 *   runx -n RUNS [-w WARMUP] -- CMD ARG... [:: CMD ARG...]...
 * Standard output of the commands goes to /dev/null, standard error too
 * unless -e. One line per command: "median_ms min_ms maxrss_kib exit". */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double run(char **argv, int keep_err, long *rss, int *code)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        if (!keep_err)
            dup2(fd, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    double t = now() - t0;
    *rss = ru.ru_maxrss;
    *code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return t;
}

int main(int argc, char **argv)
{
    int runs = 5, warm = 1, keep_err = 0, i = 1;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-w") && i + 1 < argc)
            warm = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-e"))
            keep_err = 1;
    }
    if (i >= argc - 1 || runs < 1) {
        fputs("usage: runx -n RUNS [-w WARMUP] [-e] -- CMD... [:: CMD...]...\n", stderr);
        return 2;
    }
    char **cmds[16];
    int nc = 0;
    cmds[nc++] = &argv[i + 1];
    for (int j = i + 1; j < argc; j++)
        if (!strcmp(argv[j], "::") && nc < 16) {
            argv[j] = NULL;
            cmds[nc++] = &argv[j + 1];
        }
    double *t = calloc((size_t)(runs * nc), sizeof *t);
    long rss[16] = {0};
    int code[16] = {0};
    for (int r = -warm; r < runs; r++)
        for (int c = 0; c < nc; c++) {
            long m;
            double x = run(cmds[c], keep_err, &m, &code[c]);
            if (r < 0)
                continue;
            t[c * runs + r] = x;
            if (m > rss[c])
                rss[c] = m;
        }
    for (int c = 0; c < nc; c++) {
        double *v = &t[c * runs];
        qsort(v, (size_t)runs, sizeof *v, cmp);
        double med = runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
        printf("%.3f %.3f %ld %d\n", med * 1e3, v[0] * 1e3, rss[c], code[c]);
    }
    free(t);
    return 0;
}
