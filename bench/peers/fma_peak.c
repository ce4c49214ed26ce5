/*
 * The machine's float32 peak, measured: twelve independent chains of 256-bit fused multiply-adds
 * per thread (enough to cover the FMA latency on every x86 core with AVX2), best of five runs.
 * The GFLOP/s it prints is the peak that the sgemm and training-step figures are a percentage of.
 *
 *   cc -O3 -mavx2 -mfma -pthread bench/peers/fma_peak.c -o fma_peak && ./fma_peak 1 && ./fma_peak 2
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
#define TRIPS 200000000L

static double seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static volatile float sink;

static void *chains(void *unused)
{
    (void)unused;
    const __m256 factor = _mm256_set1_ps(0.999999f), term = _mm256_set1_ps(1e-7f);
    __m256 a0 = _mm256_set1_ps(0), a1 = _mm256_set1_ps(1), a2 = _mm256_set1_ps(2), a3 = _mm256_set1_ps(3);
    __m256 a4 = _mm256_set1_ps(4), a5 = _mm256_set1_ps(5), a6 = _mm256_set1_ps(6), a7 = _mm256_set1_ps(7);
    __m256 a8 = _mm256_set1_ps(8), a9 = _mm256_set1_ps(9), a10 = _mm256_set1_ps(10), a11 = _mm256_set1_ps(11);
    for (long trip = 0; trip < TRIPS / 4; trip++) {
        /* Written out by hand so that every chain stays in a register whatever the optimiser unrolls. */
        a0 = _mm256_fmadd_ps(a0, factor, term); a1 = _mm256_fmadd_ps(a1, factor, term);
        a2 = _mm256_fmadd_ps(a2, factor, term); a3 = _mm256_fmadd_ps(a3, factor, term);
        a4 = _mm256_fmadd_ps(a4, factor, term); a5 = _mm256_fmadd_ps(a5, factor, term);
        a6 = _mm256_fmadd_ps(a6, factor, term); a7 = _mm256_fmadd_ps(a7, factor, term);
        a8 = _mm256_fmadd_ps(a8, factor, term); a9 = _mm256_fmadd_ps(a9, factor, term);
        a10 = _mm256_fmadd_ps(a10, factor, term); a11 = _mm256_fmadd_ps(a11, factor, term);
    }
    __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                               _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    sum = _mm256_add_ps(sum, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    sink = _mm256_cvtss_f32(sum);
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "usage: fma_peak [threads 1..64]\n");
        return 2;
    }

    pthread_t workers[64];
    double best = 0;
    for (int run = 0; run < 5; run++) {
        double start = seconds();
        for (int t = 0; t < threads; t++) pthread_create(&workers[t], NULL, chains, NULL);
        for (int t = 0; t < threads; t++) pthread_join(workers[t], NULL);
        double flops = (double)threads * (TRIPS / 4) * CHAINS * 8 * 2;
        double gflops = flops / (seconds() - start) / 1e9;
        if (gflops > best) best = gflops;
    }

    printf("%d thread(s): %.1f GFLOP/s float32 (best of 5)\n", threads, best);
    return 0;
}
