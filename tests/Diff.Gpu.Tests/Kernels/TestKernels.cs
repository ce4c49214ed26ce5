using System.Collections.Generic;
using ILGPU;
using ILGPU.Algorithms;

namespace Diff.Gpu.Tests.Kernels
{
    /// <summary>Hand-written ILGPU kernels, the kind the generator's launchers will load.</summary>
    internal static class TestKernels
    {
        /// <summary>y ← a·x + y.</summary>
        public static void Saxpy(Index1D i, float a, ArrayView<float> x, ArrayView<float> y)
        {
            y[i] = a * x[i] + y[i];
        }

        /// <summary>Float and double math from System, and a scatter by atomics: what adjoint kernels emit.</summary>
        public static void MathAndAtomics(Index1D i, ArrayView<float> x, ArrayView<double> d, ArrayView<float> expSum)
        {
            var e = MathF.Exp(x[i]);
            x[i] = e;
            d[i] = Math.Sqrt(d[i]);
            Atomic.Add(ref expSum[0], e);
        }

        /// <summary>XMath comes from ILGPU.Algorithms, which the compilation context must enable.</summary>
        public static void XMathTanh(Index1D i, ArrayView<float> x)
        {
            x[i] = XMath.Tanh(x[i]);
        }

        /// <summary>
        /// An explicitly grouped kernel (no index parameter): a group sum in shared memory, then one atomic
        /// per group, the scalar-adjoint reduction of DESIGN.md.
        /// </summary>
        public static void GroupSum(ArrayView<float> values, ArrayView<float> total)
        {
            var shared = SharedMemory.Allocate<float>(64);
            var global = Grid.GlobalIndex.X;
            shared[Group.IdxX] = global < values.Length ? values[global] : 0f;
            Group.Barrier();
            if (Group.IsFirstThread)
            {
                var sum = 0f;
                for (var k = 0; k < Group.DimX; k++)
                {
                    sum += shared[k];
                }

                Atomic.Add(ref total[0], sum);
            }
        }

        /// <summary>Outside ILGPU's kernel subset: a class allocation.</summary>
        public static void AllocatesAList(Index1D i, ArrayView<int> x)
        {
            var list = new List<int> { x[i] };
            x[i] = list.Count;
        }
    }
}
