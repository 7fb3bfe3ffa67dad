/* Threads with a mutex and a condition variable: four workers add to a
 * shared counter under the mutex, a consumer waits for them on the
 * condition; thread-local storage and a barrier on the way. */
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 4, ROUNDS = 20000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t barrier;
static long counter;
static int finished;
static __thread int mine;

static void *worker(void *arg) {
    int id = (int)(long)arg;
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        mine++;
    }
    pthread_mutex_lock(&lock);
    finished++;
    pthread_cond_signal(&done_cond);
    pthread_mutex_unlock(&lock);
    return (void *)(long)(mine * 10 + id);
}

int main(void) {
    pthread_t t[WORKERS];
    pthread_barrier_init(&barrier, NULL, WORKERS);
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    pthread_mutex_lock(&lock);
    while (finished < WORKERS)
        pthread_cond_wait(&done_cond, &lock);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < WORKERS; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        printf("thread %d returned %ld\n", i, (long)ret);
    }
    printf("counter %ld, main's own %d\n", counter, mine);
    return 0;
}
