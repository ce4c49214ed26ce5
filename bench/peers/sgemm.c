/*
 * OpenBLAS's cblas_sgemm on square row-major float32 products, the peer of MatMulBenchmarks.
 * Prints GFLOP/s (2*N^3 per mean time of the best of five timed batches) for each N given,
 * with the thread count from OPENBLAS_NUM_THREADS.
 *
 *   cc -O2 bench/peers/sgemm.c -o sgemm -lopenblas && OPENBLAS_NUM_THREADS=2 ./sgemm 256 512
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    printf("OpenBLAS %s, kernel %s, %d threads\n", openblas_get_config(), openblas_get_corename(), openblas_get_num_threads());
    for (int arg = 1; arg < argc; arg++) {
        int n = atoi(argv[arg]);
        size_t count = (size_t)n * n;
        float *a = malloc(count * sizeof *a), *b = malloc(count * sizeof *b), *c = malloc(count * sizeof *c);
        srand(42);
        for (size_t i = 0; i < count; i++) {
            a[i] = 2.0f * rand() / RAND_MAX - 1.0f;
            b[i] = 2.0f * rand() / RAND_MAX - 1.0f;
        }

        double flops = 2.0 * n * n * n;
        int calls = (int)(2e9 / flops) + 1; /* about a second per batch at 2 GFLOP/s and up */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        double best = 1e30;
        for (int batch = 0; batch < 5; batch++) {
            double start = seconds();
            for (int call = 0; call < calls; call++)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
            double mean = (seconds() - start) / calls;
            if (mean < best)
                best = mean;
        }

        printf("N=%d  %.3f ms  %.1f GFLOP/s\n", n, best * 1e3, flops / best * 1e-9);
        free(a);
        free(b);
        free(c);
    }

    return 0;
}
