/* Starting a helper thread that runs beside its caller at once.
 *
 * Linux puts a new thread on its maker's CPU; when the maker goes on
 * working, the new one waits for the load balancer, at the next scheduler
 * tick: up to 4 ms (measured on the 2-core VM of bench/, the same with a
 * yield or a hand-shake first). So once the helper is created, it is
 * allowed only on the other CPUs the process may use, which moves it there
 * before it runs, and the first thing it does is allow itself all of them
 * again: it starts elsewhere in about 0.1 ms, and the scheduler is free to
 * move it afterwards. (Should it run before it is moved, it stays on the
 * other CPUs until it ends.) Where that cannot be done (no other CPU, not
 * Linux) it is a plain pthread_create. */
#define _GNU_SOURCE
#include "internal.h"

#include <pthread.h>
#include <sched.h>

#if defined(__linux__) && defined(CPU_SET)
typedef struct {
    void *(*fn)(void *);
    void *arg;
    cpu_set_t allowed;
} start;

static void *trampoline(void *p)
{
    start s = *(start *)p;
    tdi_free(p);
    (void)pthread_setaffinity_np(pthread_self(), sizeof s.allowed, &s.allowed);
    return s.fn(s.arg);
}

static int start_elsewhere(pthread_t *t, void *(*fn)(void *), void *arg)
{
    start *s = tdi_malloc(sizeof *s);
    int cpu = sched_getcpu();
    if (!s || cpu < 0 || sched_getaffinity(0, sizeof s->allowed, &s->allowed) != 0) {
        tdi_free(s);
        return -1;
    }
    cpu_set_t other = s->allowed;
    CPU_CLR(cpu, &other);
    if (CPU_COUNT(&other) == 0) {
        tdi_free(s);
        return -1;
    }
    s->fn = fn;
    s->arg = arg;
    if (pthread_create(t, NULL, trampoline, s) != 0) {
        tdi_free(s);
        return -1;
    }
    (void)pthread_setaffinity_np(*t, sizeof other, &other);
    return 0;
}
#endif

int tdi_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
#if defined(__linux__) && defined(CPU_SET)
    if (start_elsewhere(t, fn, arg) == 0)
        return 0;
#endif
    return pthread_create(t, NULL, fn, arg) == 0 ? 0 : -1;
}
