using System.Linq;

namespace Diff.Runtime.Tests
{
    /// <summary>Small conveniences for assertions on tensors.</summary>
    internal static class TestTensors
    {
        public static int[] ShapeOf(Tensor tensor) => tensor.Shape.ToArray();

        public static Tensor Vector(params float[] values) => Tensor.FromArray(values, values.Length);

        public static Tensor Matrix(int rows, int columns, params float[] values) => Tensor.FromArray(values, rows, columns);

        public static void AllClose(float[] expected, float[] actual, double tolerance = 1e-5)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                    $"element {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }
}
