/*
 * The machine's float32 peak, measured: twelve independent chains of fused multiply-adds per thread
 * (enough to cover the FMA latency on every x86 core with AVX2), best of five runs. The vectors are
 * 256-bit, or 512-bit when compiled for AVX-512 (the second command), which is what DiffGen's and
 * OpenBLAS's kernels use on such a processor. The GFLOP/s it prints is the peak that the sgemm and
 * training-step figures are a percentage of.
 *
 *   cc -O3 -mavx2 -mfma -pthread bench/peers/fma_peak.c -o fma_peak && ./fma_peak 1 && ./fma_peak 2
 *   cc -O3 -mavx512f -pthread bench/peers/fma_peak.c -o fma_peak && ./fma_peak 1 && ./fma_peak 2
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
#define TRIPS 200000000L

#ifdef __AVX512F__
typedef __m512 vector;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMADD _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define FIRST(v) _mm512_cvtss_f32(v)
#else
typedef __m256 vector;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMADD _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define FIRST(v) _mm256_cvtss_f32(v)
#endif

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
    const vector factor = SET1(0.999999f), term = SET1(1e-7f);
    vector a0 = SET1(0), a1 = SET1(1), a2 = SET1(2), a3 = SET1(3);
    vector a4 = SET1(4), a5 = SET1(5), a6 = SET1(6), a7 = SET1(7);
    vector a8 = SET1(8), a9 = SET1(9), a10 = SET1(10), a11 = SET1(11);
    for (long trip = 0; trip < TRIPS / 4; trip++) {
        /* Written out by hand so that every chain stays in a register whatever the optimiser unrolls. */
        a0 = FMADD(a0, factor, term); a1 = FMADD(a1, factor, term);
        a2 = FMADD(a2, factor, term); a3 = FMADD(a3, factor, term);
        a4 = FMADD(a4, factor, term); a5 = FMADD(a5, factor, term);
        a6 = FMADD(a6, factor, term); a7 = FMADD(a7, factor, term);
        a8 = FMADD(a8, factor, term); a9 = FMADD(a9, factor, term);
        a10 = FMADD(a10, factor, term); a11 = FMADD(a11, factor, term);
    }
    vector sum = ADD(ADD(ADD(a0, a1), ADD(a2, a3)), ADD(ADD(a4, a5), ADD(a6, a7)));
    sum = ADD(sum, ADD(ADD(a8, a9), ADD(a10, a11)));
    sink = FIRST(sum);
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
        double flops = (double)threads * (TRIPS / 4) * CHAINS * LANES * 2;
        double gflops = flops / (seconds() - start) / 1e9;
        if (gflops > best) best = gflops;
    }

    printf("%d thread(s): %.1f GFLOP/s float32 (%d-bit vectors, best of 5)\n", threads, best, LANES * 32);
    return 0;
}
