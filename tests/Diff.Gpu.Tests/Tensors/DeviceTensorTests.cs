using System.IO;
using System.Linq;
using Diff.NN;
using Diff.Optim;

namespace Diff.Gpu.Tests.Tensors
{
    /// <summary>
    /// One suite for every device (ILGPU's abstract-test-class pattern): each test computes on
    /// <see cref="Device"/> and on the CPU from the same inputs, and the two must agree to float
    /// tolerance. The concrete classes below run it on <see cref="Device.Cpu"/> and on ILGPU's CPU
    /// accelerator, which runs the device kernels as a GPU would.
    /// </summary>
    public abstract class DeviceTensorTests
    {
        /// <summary>The device under test.</summary>
        protected abstract Device Device { get; }

        [Fact]
        public void Factories_put_tensors_on_the_device_and_copies_come_back_equal()
        {
            float[] values = Values(1, 6);
            Tensor x = Tensor.FromArray(values, new[] { 2, 3 }, Device);
            Assert.Same(Device, x.Device);
            Assert.Equal(new[] { 2, 3 }, x.Shape);
            Assert.Equal(values, x.ToArray());
            Assert.Equal(values, x.To(Device.Cpu).ToArray());
            Assert.Same(Device.Cpu, x.To(Device.Cpu).Device);
            Assert.Same(x, x.To(Device));

            Assert.Equal(new float[6], Tensor.Zeros(new[] { 2, 3 }, Device).ToArray());
            Assert.Equal(Enumerable.Repeat(1f, 4), Tensor.Ones(new[] { 4 }, Device).ToArray());
            Assert.Equal(Enumerable.Repeat(2.5f, 3), Tensor.Full(new[] { 3 }, 2.5f, Device).ToArray());
            Assert.Equal(new[] { 0f, 1f, 2f }, Tensor.Arange(3, Device).ToArray());
            Assert.Equal(7f, Tensor.Scalar(7f, Device).Item());
            Assert.Equal(new float[6], Tensor.ZerosLike(x).ToArray());
            Assert.Same(Device, Tensor.OnesLike(x).Device);
            Assert.Equal(
                Tensor.Randn(new[] { 5 }, new Diff.Generator(3)).ToArray(),
                Tensor.Randn(new[] { 5 }, Device, new Diff.Generator(3)).ToArray());

            Tensor view = x.Reshape(3, 2);
            Assert.Same(Device, view.Device);
            Assert.Equal(values, view.ToArray());
            Assert.Equal(values, x.Clone().ToArray());
            Assert.Equal(x.To(Device.Cpu).ToString().TrimEnd(')'), x.ToString().Split(", device=")[0].TrimEnd(')'));
        }

        [Fact]
        public void Relu_Hardtanh_and_Elu_pass_a_NaN_as_value_and_gradient_on_both_devices()
        {
            // As PyTorch: relu(NaN) = NaN, and its backward passes the gradient where the input is not at most 0.
            foreach (Device device in new[] { Device.Cpu, Device })
            {
                Tensor x = Tensor.FromArray(new[] { float.NaN, 0f, -1f, 2f }, 4).To(device);
                Tensor y = x.Relu();
                float[] value = y.ToArray();
                Assert.True(float.IsNaN(value[0]), device + ": relu(NaN)");
                Assert.Equal(new[] { 0f, 0f, 2f }, value[1..]);
                Tensor? dX = null;
                Tensor.ReluBackward(x, y, Tensor.Full(new[] { 4 }, 0.5f).To(device), ref dX);
                Assert.Equal(new[] { 0.5f, 0f, 0f, 0.5f }, dX!.ToArray());

                // Hardtanh likewise: NaN passes, the bounds themselves do not.
                Tensor h = Tensor.FromArray(new[] { float.NaN, -1f, 0.5f, 1f }, 4).To(device);
                Tensor clipped = h.Hardtanh(-1f, 1f);
                Tensor? dH = null;
                Tensor.HardtanhBackward(h, -1f, 1f, clipped, Tensor.Full(new[] { 4 }, 0.5f).To(device), ref dH);
                Assert.True(float.IsNaN(clipped.ToArray()[0]), device + ": hardtanh(NaN)");
                Assert.Equal(new[] { 0.5f, 0f, 0.5f, 0f }, dH!.ToArray());

                // ELU too: its gradient at NaN is the identity's.
                Tensor e = Tensor.FromArray(new[] { float.NaN, 2f }, 2).To(device);
                Tensor? dE = null;
                Tensor.EluBackward(e, 1f, e.Elu(1f), Tensor.Full(new[] { 2 }, 0.5f).To(device), ref dE);
                Assert.Equal(new[] { 0.5f, 0.5f }, dE!.ToArray());
            }
        }

        [Fact]
        public void Clamp_with_crossed_bounds_gives_max_and_no_gradient_on_both_devices()
        {
            // torch.clamp(x, min=0.4, max=-0.3): min(max(x, min), max) is max everywhere, and the backward passes nothing.
            foreach (Device device in new[] { Device.Cpu, Device })
            {
                Tensor x = Tensor.FromArray(new[] { -1f, -0.3f, 0f, 0.4f, 2f }, 5).To(device);
                Tensor y = x.Clamp(0.4f, -0.3f);
                Assert.Equal(new[] { -0.3f, -0.3f, -0.3f, -0.3f, -0.3f }, y.ToArray());
                Tensor? dX = null;
                Tensor.ClampBackward(x, 0.4f, -0.3f, y, Tensor.Full(new[] { 5 }, 0.5f).To(device), ref dX);
                Assert.Equal(new[] { 0f, 0f, 0f, 0f, 0f }, dX!.ToArray());
            }
        }

        [Fact]
        public void Elementwise_ops_agree_with_the_cpu()
        {
            Tensor x = Random(2, 4, 5);
            Tensor positive = x.To(Device.Cpu).Abs() + 0.1f;
            Check(x, t => t.Exp());
            Check(x, t => t.Tanh());
            Check(x, t => t.Sigmoid());
            Check(x, t => t.Relu());
            Check(x, t => t.Abs());
            Check(x, t => -t);
            Check(x, t => t.Pow(2f));
            Check(x, t => t.Clamp(-0.3f, 0.4f));
            Check(x, t => t.Clamp(0.4f, -0.3f));
            Check(positive, t => t.Log());
            Check(positive, t => t.Sqrt());
            Check(positive, t => t.Pow(0.7f));
            Check(x, t => t + 1.5f);
            Check(x, t => 1.5f - t);
            Check(x, t => t * 3f);
            Check(x, t => t / 4f);
            Check(positive, t => 2f / t);
        }

        [Theory]
        [InlineData(new[] { 3, 4 }, new[] { 3, 4 })]
        [InlineData(new[] { 3, 4 }, new[] { 4 })]
        [InlineData(new[] { 3, 1 }, new[] { 1, 4 })]
        [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 })]
        [InlineData(new[] { 5 }, new int[0])]
        public void Binary_ops_broadcast_as_on_the_cpu(int[] leftShape, int[] rightShape)
        {
            Tensor left = RandomShaped(5, leftShape);
            Tensor right = RandomShaped(6, rightShape).To(Device.Cpu).Abs().To(Device) + 0.5f;
            CheckPair(left, right, (a, b) => a + b);
            CheckPair(left, right, (a, b) => a - b);
            CheckPair(left, right, (a, b) => a * b);
            CheckPair(left, right, (a, b) => a / b);
            CheckPair(right, left, (a, b) => a - b);
        }

        [Fact]
        public void Reductions_agree_with_the_cpu()
        {
            Tensor x = Random(7, 3, 4, 5);
            Check(x, t => t.Sum());
            Check(x, t => t.Mean());
            Check(x, t => t.Sum(0));
            Check(x, t => t.Sum(1, keepDim: true));
            Check(x, t => t.Mean(-1));
            Check(x, t => t.SumTo(new[] { 4, 1 }));
            Check(Random(8, 40000), t => t.Sum(), tolerance: 1e-3);
        }

        [Fact]
        public void Products_and_softmax_agree_with_the_cpu()
        {
            // 17 × 33 · 33 × 18 crosses the 16-wide tiles of the device product in every direction.
            CheckPair(Random(9, 17, 33), Random(10, 33, 18), Tensor.MatMul);
            CheckPair(Random(11, 2, 5, 7), Random(12, 7, 3), Tensor.MatMul);
            CheckPair(Random(13, 2, 5, 7), Random(14, 2, 7, 3), Tensor.MatMul);
            CheckPair(Random(15, 7), Random(16, 7, 3), Tensor.MatMul);
            Tensor bias = Random(17, 6);
            CheckPair(Random(18, 9, 20), Random(19, 6, 20), (input, weight) => Tensor.Linear(input, weight, bias.To(input.Device)));
            CheckPair(Random(20, 9, 20), Random(21, 6, 20), (input, weight) => Tensor.Linear(input, weight, null));
            Check(Random(22, 6, 10) * 10f, t => t.Softmax(-1));
            Check(Random(23, 6, 10) * 10f, t => t.LogSoftmax(1));
            Check(Random(25, 3, 6, 4) * 5f, t => t.Softmax(1));
            Check(Random(26, 3, 6, 4) * 5f, t => t.LogSoftmax(0));
            Check(Random(24, 6, 10), t => t.Gather(new[] { 0, 9, 3, 3, 5, 1 }));
        }

        [Fact]
        public void Gradients_of_elementwise_code_agree_with_the_cpu_kinks_included()
        {
            float[] values = Values(30, 24);
            values[0] = 0f;       // ReLU and |y| at their kinks
            values[1] = 0.5f;     // Clamp at its upper bound
            values[2] = -0.5f;    // and at its lower one
            Tensor x = Tensor.FromArray(values, new[] { 4, 6 }, Device);
            float[] yValues = Values(31, 24);
            yValues[0] = 0f;
            Tensor y = Tensor.FromArray(yValues, new[] { 4, 6 }, Device);
            CheckGradients(new[] { x, y }, (a, d) => DeviceFunctions.ElementwiseGradient(a[0], a[1], d[0], d[1]));
        }

        [Fact]
        public void Gradients_through_broadcasting_and_reductions_agree_with_the_cpu()
        {
            CheckGradients(
                new[] { Random(32, 3, 4), Random(33, 4), Random(34, 3, 1) },
                (a, d) => DeviceFunctions.BroadcastingGradient(a[0], a[1], a[2], d[0], d[1], d[2]));
        }

        [Fact]
        public void Gradients_through_products_softmax_and_cross_entropy_agree_with_the_cpu()
        {
            int[] labels = { 0, 3, 2, 1, 3, 0, 2 };
            CheckGradients(
                new[] { Random(35, 7, 5), Random(36, 6, 5), Random(37, 6), Random(38, 6, 4) },
                (a, d) => DeviceFunctions.ClassifierGradient(a[0], a[1], a[2], a[3], labels, d[0], d[1], d[2], d[3]));
            CheckGradients(
                new[] { Random(41, 7, 4) },
                (a, d) => DeviceFunctions.SmoothedCrossEntropyGradient(a[0], labels, d[0]));
            CheckGradients(
                new[] { Random(39, 3, 4, 5), Random(40, 5, 2) },
                (a, d) => DeviceFunctions.BatchedGradient(a[0], a[1], d[0], d[1]));

            // Rank 4: a repeated along the second batch dimension, b along the first (broadcast from the right).
            CheckGradients(
                new[] { Random(42, 2, 1, 3, 4), Random(43, 3, 4, 5) },
                (a, d) => DeviceFunctions.BatchedGradient(a[0], a[1], d[0], d[1]));
            CheckGradients(
                new[] { Random(44, 2, 3, 3, 4), Random(45, 2, 3, 4, 2) },
                (a, d) => DeviceFunctions.BatchedGradient(a[0], a[1], d[0], d[1]));
        }

        [Fact]
        public void Hessian_vector_products_agree_with_the_cpu()
        {
            // Forward over reverse on the device: each op's backward and curvature rule run where its tensors are
            // (the pointwise curvature rules by way of the host).
            int[] labels = { 0, 3, 2, 1, 3, 0, 2 };
            CheckHessianVectors(
                new[] { Random(35, 7, 5), Random(36, 6, 5), Random(37, 6), Random(38, 6, 4) },
                (a, v, d, p) => DeviceFunctions.ClassifierHessianVector(a[0], a[1], a[2], a[3], labels, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3], p[0], p[1], p[2], p[3]));
            CheckHessianVectors(
                new[] { Random(32, 3, 4), Random(33, 4), Random(34, 3, 1) },
                (a, v, d, p) => DeviceFunctions.BroadcastingHessianVector(a[0], a[1], a[2], v[0], v[1], v[2], d[0], d[1], d[2], p[0], p[1], p[2]));
            CheckHessianVectors(
                new[] { Random(39, 3, 4, 5), Random(40, 5, 2) },
                (a, v, d, p) => DeviceFunctions.BatchedHessianVector(a[0], a[1], v[0], v[1], d[0], d[1], p[0], p[1]));
            CheckHessianVectors(
                new[] { Random(91, 5, 6) },
                (a, v, d, p) => DeviceFunctions.ActivationsHessianVector(a[0], v[0], d[0], p[0]));
        }

        [Fact]
        public void Activations_losses_and_maxima_agree_with_the_cpu_kinks_included()
        {
            float[] values = Values(90, 30);
            values[0] = 0f;        // the ReLU family's kink
            values[1] = 0.5f;      // Hardtanh's bounds
            values[2] = -0.5f;
            Tensor x = Tensor.FromArray(values, new[] { 5, 6 }, Device);
            Check(x, t => t.LeakyRelu(0.2f));
            Check(x, t => t.Elu());
            Check(x, t => t.Silu());
            Check(x * 4f, t => t.Softplus(1.5f, 3f));
            Check(x * 10f, t => t.LogSigmoid());
            Check(x, t => t.Hardtanh(-0.5f, 0.5f));
            Check(x, t => t.Gelu(GeluApproximation.Tanh));
            Check(x * 3f, t => t.Gelu());
            Check(x, t => t.Max(1));
            Check(x, t => t.Max(0));
            Check(x, t => t.ArgMax(1));
            CheckGradients(new[] { x }, (a, d) => DeviceFunctions.ActivationsGradient(a[0], d[0]));

            // Ties in a row: the gradient of Max goes to the first maximum, as on the CPU.
            float[] tied = Values(91, 12);
            tied[1] = tied[3] = 5f;
            Tensor logits = Tensor.FromArray(tied, new[] { 3, 4 }, Device);
            Tensor targets = Tensor.Rand(new[] { 3, 4 }, Device, new Diff.Generator(92));
            CheckGradients(
                new[] { logits, targets, Random(93, 4).To(Device.Cpu).Abs().To(Device) },
                (a, d) => DeviceFunctions.LogisticGradient(a[0], a[1], a[2], d[0], d[1], d[2]));
        }

        [Fact]
        public void Exact_gelu_agrees_with_the_cpu_on_both_sides_of_the_switch_in_erfc()
        {
            // x from −12 to 12 in steps of 0.05, 0 included. erfc's argument −x/√2 leaves the series for the
            // continued fraction at ±2.5, at x = ∓3.5355339; the points beside the switch are there too.
            float[] values = Enumerable.Range(0, 481).Select(k => (k - 240) / 20f).ToArray();
            values[1] = -3.5355339f;
            values[2] = -3.5355337f;
            values[3] = 3.5355339f;
            values[4] = 3.5355337f;
            Tensor x = Tensor.FromArray(values, new[] { values.Length }, Device);
            Check(x, t => t.Gelu(), tolerance: 1e-6);
            CheckGradients(new[] { x }, (a, d) => DeviceFunctions.ExactGeluGradient(a[0], d[0]), tolerance: 1e-6);
        }

        [Fact]
        public void Gradients_follow_moves_between_devices_back_to_where_each_tensor_lives()
        {
            Tensor x = Tensor.Randn(new[] { 3, 4 }, new Diff.Generator(110));
            Tensor dX = Tensor.ZerosLike(x);
            Tensor value = DeviceFunctions.AcrossDevicesGradient(x, Device, dX);
            Assert.Same(Device.Cpu, dX.Device);
            float[] xs = x.ToArray(), gradient = dX.ToArray();
            double expected = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double t = Math.Tanh(xs[i]);
                expected += 2 * t * xs[i];
                double slope = 2 * t + 2 * (1 - t * t) * xs[i];
                Assert.True(Math.Abs(slope - gradient[i]) <= 1e-5 * Math.Max(1, Math.Abs(slope)), $"[{i}]: {slope} against {gradient[i]}");
            }

            Assert.Equal(expected, value.Item(), 4);
        }

        [Fact]
        public void Regression_losses_agree_with_the_cpu_at_their_kinks()
        {
            float[] prediction = Values(120, 24);
            float[] target = Values(121, 24);
            target[0] = prediction[0];           // |d| = 0: L1's and SmoothL1(β = 0)'s kink
            target[1] = prediction[1] - 0.5f;    // d = δ of the first Huber loss
            target[2] = prediction[2] + 0.3f;    // d = −β of the first smooth L1 loss
            CheckGradients(
                new[] { Tensor.FromArray(prediction, new[] { 4, 6 }, Device), Tensor.FromArray(target, new[] { 4, 6 }, Device) },
                (a, d) => DeviceFunctions.RegressionLossesGradient(a[0], a[1], d[0], d[1]));
        }

        [Fact]
        public void Divergences_agree_with_the_cpu_a_zero_target_included()
        {
            // A target of exactly 0 adds 0 to the loss, and its own gradient is NaN on both paths, as in PyTorch 1.13.
            float[] probabilities = Tensor.Rand(new[] { 12 }, new Diff.Generator(200)).ToArray();
            probabilities[5] = 0f;
            Tensor target = Tensor.FromArray(probabilities, new[] { 3, 4 }, Device);
            Tensor[] inputs = { Random(201, 3, 4), target, Random(202, 3, 4) };
            CheckGradients(inputs, (a, d) => DeviceFunctions.DivergenceGradient(a[0], a[1], a[2], d[0], d[1], d[2]));
            Tensor[] adjoints = inputs.Select(Tensor.ZerosLike).ToArray();
            DeviceFunctions.DivergenceGradient(inputs[0], inputs[1], inputs[2], adjoints[0], adjoints[1], adjoints[2]);
            Assert.True(float.IsNaN(adjoints[1].ToArray()[5]));
            Assert.All(adjoints[0].ToArray(), g => Assert.True(float.IsFinite(g)));
        }

        [Fact]
        public void Strided_copies_and_their_gradients_agree_with_the_cpu()
        {
            Tensor x = Random(130, 3, 4, 5);
            Check(x, t => t.Permute(1, 2, 0));
            Check(x, t => t.Transpose(0, 2));
            Check(x, t => t.Narrow(2, 1, 3));
            Check(x, t => t.Slice(1, 0, int.MaxValue, 3));
            Check(x, t => t.Select(1, 2));
            Check(x.Select(0, 1), t => t.T);
            Check(x, t => t[1.., 2]);
            Check(x, t => Tensor.Cat(t, t * 2f, 1));
            Check(x, t => Tensor.Stack(t, t.Exp(), 0));
            CheckGradients(
                new[] { x, Random(131, 3, 2, 5) },
                (a, d) => DeviceFunctions.StridedGradient(a[0], a[1], d[0], d[1]));
        }

        [Fact]
        public void Embeddings_and_layer_normalisation_agree_with_the_cpu()
        {
            IntTensor tokens = IntTensor.FromArray(new[] { 0, 1, 3, 1, 4, 2, 0, 4 }, 2, 4);
            CheckGradients(
                new[] { Random(140, 5, 6), Random(141, 6), Random(142, 6) },
                (a, d) => DeviceFunctions.NormalisedGradient(a[0], a[1], a[2], tokens, d[0], d[1], d[2]));
        }

        [Fact]
        public void Group_normalisation_agrees_with_the_cpu()
        {
            Tensor images = Random(145, 2, 6, 3, 4);
            Tensor weight = Random(146, 6);
            Tensor bias = Random(147, 6);
            Check(images, t => Tensor.GroupNorm(t, 2, weight.To(t.Device), bias.To(t.Device), 1e-5f));
            Check(images, t => Tensor.GroupNorm(t, 1, null, null, 1e-5f));
            CheckGradients(new[] { images, weight, bias }, (a, d) => DeviceFunctions.GroupNormalisedGradient(a[0], a[1], a[2], d[0], d[1], d[2]));
        }

        [Fact]
        public void Convolutions_agree_with_the_cpu()
        {
            // Images [2, 4, 7, 6] with 6 filters of 2 input channels each (two groups); a 1-D signal [2, 3, 9].
            CheckGradients(
                new[] { Random(150, 2, 4, 7, 6), Random(151, 6, 2, 3, 2), Random(152, 6), Random(153, 2, 3, 9), Random(154, 4, 3, 3) },
                (a, d) => DeviceFunctions.ConvolutionsGradient(a[0], a[1], a[2], a[3], a[4], d[0], d[1], d[2], d[3], d[4]));
        }

        [Fact]
        public void Pooling_agrees_with_the_cpu_ties_included()
        {
            float[] values = Values(160, 2 * 3 * 7 * 6);
            values[0] = values[1] = values[6] = 4f;      // a tie in the first window: the gradient goes to the first
            CheckGradients(
                new[] { Tensor.FromArray(values, new[] { 2, 3, 7, 6 }, Device) },
                (a, d) => DeviceFunctions.PoolingGradient(a[0], d[0]));
        }

        [Fact]
        public void Gathers_by_index_agree_with_the_cpu_repeats_included()
        {
            IntTensor columns = IntTensor.FromArray(new[] { 0, 2, 2, 1, 3, 3, 0, 0 }, 4, 2);
            IntTensor rows = IntTensor.FromArray(new[] { 1, 1, 3, 0 }, 4);
            CheckGradients(
                new[] { Random(170, 4, 5) },
                (a, d) => DeviceFunctions.IndexedGradient(a[0], columns, rows, d[0]));
        }

        [Fact]
        public void Scatters_by_index_agree_with_the_cpu_repeats_included()
        {
            // Rows [2, 4] into x [4, 5] along dimension 0: columns 0 and 3 are written twice (the last write wins);
            // columns [3, 3] along dimension 1 add three times into x[1, 4]; the source [3, 5] is larger than both.
            IntTensor rows = IntTensor.FromArray(new[] { 1, 3, 1, 0, 1, 0, 2, 0 }, 2, 4);
            IntTensor columns = IntTensor.FromArray(new[] { 0, 2, 2, 4, 4, 4, 1, 0, 1 }, 3, 3);
            Tensor x = Random(210, 4, 5);
            Tensor source = Random(211, 3, 5);
            Check(x, t => t.Scatter(0, rows, source.To(t.Device)), tolerance: 0);
            Check(x, t => t.ScatterAdd(1, columns, source.To(t.Device)), tolerance: 0);
            CheckGradients(new[] { x, source }, (a, d) => DeviceFunctions.ScatteredGradient(a[0], a[1], rows, columns, d[0], d[1]));
        }

        [Fact]
        public void Masking_agrees_with_the_cpu()
        {
            Tensor condition = Tensor.FromArray(new[] { 1f, 0f, 0f, 1f }, new[] { 4, 1 }, Device);
            Tensor mask = Tensor.FromArray(new[] { 0f, 1f, 0f, 0f, 1f }, new[] { 5 }, Device);
            CheckGradients(
                new[] { Random(190, 4, 5), Random(191, 5) },
                (a, d) => DeviceFunctions.MaskedGradient(a[0], a[1], condition.To(a[0].Device), mask.To(a[0].Device), d[0], d[1]));
        }

        [Theory]
        [InlineData("sgd")]
        [InlineData("momentum")]
        [InlineData("adam")]
        [InlineData("adamw")]
        [InlineData("rmsprop")]
        [InlineData("rmsprop-centred-momentum")]
        public void Training_steps_on_the_device_follow_the_cpu(string optimizerName)
        {
            Sequential onCpu = Network(50);
            Sequential onDevice = Network(50);
            Assert.Same(onDevice, onDevice.To(Device));
            Assert.All(onDevice.Parameters(), p => Assert.Same(Device, p.Value.Device));
            Assert.Equal(onCpu.Summary(16, 8), onDevice.Summary(16, 8));
            Optimizer cpuOptimizer = Optimizer(optimizerName, onCpu);
            Optimizer deviceOptimizer = Optimizer(optimizerName, onDevice);
            Tensor input = Random(51, 16, 8).To(Device.Cpu);
            int[] labels = Enumerable.Range(0, 16).Select(i => i % 3).ToArray();
            for (int step = 0; step < 5; step++)
            {
                cpuOptimizer.ZeroGrad();
                float cpuLoss = DeviceFunctions.ModuleLossGradient(onCpu, input, labels).Item();
                cpuOptimizer.Step();
                deviceOptimizer.ZeroGrad();
                Tensor deviceLoss = DeviceFunctions.ModuleLossGradient(onDevice, input.To(Device), labels);
                Assert.Same(Device, deviceLoss.Device);
                AssertClose(new[] { cpuLoss }, new[] { deviceLoss.Item() }, 1e-5, $"loss at step {step}");
                deviceOptimizer.Step();
            }

            foreach (((string name, Parameter cpu), (_, Parameter device)) in onCpu.NamedParameters().Zip(onDevice.NamedParameters()))
            {
                Assert.Same(Device, device.Value.Device);
                Assert.Same(Device, device.Grad!.Device);
                AssertClose(cpu.Value.ToArray(), device.Value.ToArray(), 1e-4, name);
            }

            // Clipping the last gradients: by norm (the norm too agrees), then by value.
            double cpuNorm = Diff.Training.GradientClipping.ClipGradNorm(onCpu.Parameters(), 0.05);
            double deviceNorm = Diff.Training.GradientClipping.ClipGradNorm(onDevice.Parameters(), 0.05);
            Assert.Equal(cpuNorm, deviceNorm, 4);
            Diff.Training.GradientClipping.ClipGradValue(onCpu.Parameters(), 0.003);
            Diff.Training.GradientClipping.ClipGradValue(onDevice.Parameters(), 0.003);
            foreach (((string name, Parameter cpu), (_, Parameter device)) in onCpu.NamedParameters().Zip(onDevice.NamedParameters()))
            {
                AssertClose(cpu.Grad!.ToArray(), device.Grad!.ToArray(), 1e-4, name + " clipped gradient");
            }
        }

        [Fact]
        public void A_convolutional_network_with_batch_normalisation_trains_on_the_device_as_on_the_cpu()
        {
            Sequential onCpu = ConvolutionalNetwork(180);
            Sequential onDevice = ConvolutionalNetwork(180);
            onDevice.To(Device);
            var cpuOptimizer = new SGD(onCpu.Parameters(), lr: 0.05, momentum: 0.9);
            var deviceOptimizer = new SGD(onDevice.Parameters(), lr: 0.05, momentum: 0.9);
            Tensor images = Tensor.Randn(new[] { 4, 2, 6, 6 }, new Diff.Generator(181));
            int[] labels = { 0, 2, 1, 2 };
            for (int step = 0; step < 3; step++)
            {
                cpuOptimizer.ZeroGrad();
                float cpuLoss = DeviceFunctions.ModuleLossGradient(onCpu, images, labels).Item();
                cpuOptimizer.Step();
                deviceOptimizer.ZeroGrad();
                float deviceLoss = DeviceFunctions.ModuleLossGradient(onDevice, images.To(Device), labels).Item();
                deviceOptimizer.Step();
                AssertClose(new[] { cpuLoss }, new[] { deviceLoss }, 1e-4, $"loss at step {step}");
            }

            // The running statistics moved with the module and were updated there; evaluation uses them.
            foreach (((string name, Tensor cpu), (_, Tensor device)) in onCpu.NamedBuffers().Zip(onDevice.NamedBuffers()))
            {
                AssertClose(cpu.ToArray(), device.ToArray(), 1e-4, name);
            }

            onCpu.Eval();
            onDevice.Eval();
            AssertClose(onCpu.Forward(images).ToArray(), onDevice.Forward(images.To(Device)).ToArray(), 1e-4, "evaluation output");
            CheckGradients(
                new[] { images.To(Device) },
                (a, d) => DeviceFunctions.EvaluatedSumGradient(a[0].Device.IsCpu ? onCpu : onDevice, a[0], d[0]));
        }

        [Fact]
        public void Initialisers_and_gradient_checks_take_tensors_on_the_device()
        {
            Tensor onDevice = Tensor.Zeros(new[] { 4, 3 }, Device);
            Tensor onCpu = Tensor.Zeros(4, 3);
            Init.KaimingUniform(onDevice, generator: new Diff.Generator(220));
            Init.KaimingUniform(onCpu, generator: new Diff.Generator(220));
            Assert.Equal(onCpu.ToArray(), onDevice.ToArray());
            Init.XavierNormal(onDevice.Reshape(2, 6), generator: new Diff.Generator(221));
            Init.XavierNormal(onCpu.Reshape(2, 6), generator: new Diff.Generator(221));
            Assert.Equal(onCpu.ToArray(), onDevice.ToArray());
            Assert.All(Init.Constant(onDevice, 0.5).ToArray(), v => Assert.Equal(0.5f, v));
            Assert.Same(Device, onDevice.Device);

            Tensor x = Random(222, 6);
            float[] before = x.ToArray();
            GradCheck.Assert(a => DeviceFunctions.ExactGelu(a[0]), (a, d) => DeviceFunctions.ExactGeluGradient(a[0], d[0]), new[] { x });
            Assert.Equal(before, x.ToArray());
        }

        [Fact]
        public void Checkpoints_are_written_from_the_device_and_loaded_onto_it()
        {
            Sequential trained = Network(60).To(Device) is Sequential s ? s : throw new InvalidOperationException();
            string path = Path.Combine(Path.GetTempPath(), $"device-checkpoint-{Guid.NewGuid():N}.safetensors");
            try
            {
                trained.Save(path);
                Sequential onCpu = Network(61);
                onCpu.Load(path);
                Sequential onDevice = (Sequential)Network(62).To(Device);
                onDevice.Load(path);
                foreach (((string name, Parameter source), (_, Parameter cpu), (_, Parameter device)) in
                    trained.NamedParameters().Zip(onCpu.NamedParameters(), onDevice.NamedParameters()))
                {
                    Assert.Equal(source.Value.ToArray(), cpu.Value.ToArray());
                    Assert.Equal(source.Value.ToArray(), device.Value.ToArray());
                    Assert.Same(Device, device.Value.Device);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Values from a seeded normal distribution.</summary>
        protected static float[] Values(int seed, int count) => Tensor.Randn(new[] { count }, new Diff.Generator(seed)).ToArray();

        /// <summary>A seeded random tensor on the device under test.</summary>
        protected Tensor Random(int seed, params int[] shape) => RandomShaped(seed, shape);

        private static Sequential Network(int seed) => new(
            new Linear(8, 12, generator: new Diff.Generator(seed)),
            new ReLU(),
            new Dropout(0.25f, generator: new Diff.Generator(seed + 10)),
            new Linear(12, 10, generator: new Diff.Generator(seed + 1)),
            new Tanh(),
            new Linear(10, 3, generator: new Diff.Generator(seed + 2)));

        private static Sequential ConvolutionalNetwork(int seed) => new(
            new Conv2d(2, 4, 3, padding: 1, generator: new Diff.Generator(seed)),
            new BatchNorm2d(4),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(36, 3, generator: new Diff.Generator(seed + 1)));

        private static Optimizer Optimizer(string name, Module model) => name switch
        {
            "sgd" => new SGD(model.Parameters(), lr: 0.1),
            "momentum" => new SGD(model.Parameters(), lr: 0.05, momentum: 0.9, weightDecay: 1e-3, nesterov: true),
            "adam" => new Adam(model.Parameters(), lr: 0.01, weightDecay: 1e-3),
            "rmsprop" => new RMSprop(model.Parameters(), lr: 0.01),
            "rmsprop-centred-momentum" => new RMSprop(model.Parameters(), lr: 0.01, momentum: 0.9, centered: true, weightDecay: 1e-3),
            _ => new AdamW(model.Parameters(), lr: 0.01),
        };

        private Tensor RandomShaped(int seed, int[] shape) => Tensor.Randn(shape, Device, new Diff.Generator(seed));

        private static void Check(Tensor x, Func<Tensor, Tensor> op, double tolerance = 1e-5)
        {
            Tensor expected = op(x.To(Device.Cpu));
            Tensor actual = op(x);
            Assert.Same(x.Device, actual.Device);
            Assert.Equal(expected.Shape, actual.Shape);
            AssertClose(expected.ToArray(), actual.ToArray(), tolerance, "values");
        }

        private static void CheckPair(Tensor left, Tensor right, Func<Tensor, Tensor, Tensor> op)
        {
            Tensor expected = op(left.To(Device.Cpu), right.To(Device.Cpu));
            Tensor actual = op(left, right);
            Assert.Same(left.Device, actual.Device);
            Assert.Equal(expected.Shape, actual.Shape);
            AssertClose(expected.ToArray(), actual.ToArray(), 1e-5, "values");
        }

        private static void CheckGradients(Tensor[] inputs, Func<Tensor[], Tensor[], Tensor> gradient, double tolerance = 1e-4)
        {
            Tensor[] cpuInputs = inputs.Select(t => t.To(Device.Cpu)).ToArray();
            Tensor[] cpuAdjoints = cpuInputs.Select(Tensor.ZerosLike).ToArray();
            Tensor[] deviceAdjoints = inputs.Select(Tensor.ZerosLike).ToArray();
            float expected = gradient(cpuInputs, cpuAdjoints).Item();
            Tensor actual = gradient(inputs, deviceAdjoints);
            Assert.Same(inputs[0].Device, actual.Device);
            AssertClose(new[] { expected }, new[] { actual.Item() }, 1e-5, "value");
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Same(inputs[i].Device, deviceAdjoints[i].Device);
                AssertClose(cpuAdjoints[i].ToArray(), deviceAdjoints[i].ToArray(), tolerance, $"adjoint {i}");
            }
        }

        /// <summary>The value, gradient and H·v of a generated <c>MHessianVector</c> on the device against the same on the host.</summary>
        private void CheckHessianVectors(Tensor[] inputs, Func<Tensor[], Tensor[], Tensor[], Tensor[], Tensor> hessianVector, double tolerance = 1e-4)
        {
            Tensor[] directions = inputs.Select((t, i) => Random(400 + i, t.Shape)).ToArray();
            Tensor[] cpuInputs = inputs.Select(t => t.To(Device.Cpu)).ToArray(), cpuDirections = directions.Select(t => t.To(Device.Cpu)).ToArray();
            Tensor[] cpuAdjoints = cpuInputs.Select(Tensor.ZerosLike).ToArray(), cpuProducts = cpuInputs.Select(Tensor.ZerosLike).ToArray();
            Tensor[] adjoints = inputs.Select(Tensor.ZerosLike).ToArray(), products = inputs.Select(Tensor.ZerosLike).ToArray();
            float expected = hessianVector(cpuInputs, cpuDirections, cpuAdjoints, cpuProducts).Item();
            Tensor actual = hessianVector(inputs, directions, adjoints, products);
            Assert.Same(inputs[0].Device, actual.Device);
            AssertClose(new[] { expected }, new[] { actual.Item() }, 1e-5, "value");
            Assert.Contains(cpuProducts.SelectMany(t => t.ToArray()), e => e != 0f);
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Same(inputs[i].Device, products[i].Device);
                AssertClose(cpuAdjoints[i].ToArray(), adjoints[i].ToArray(), tolerance, $"adjoint {i}");
                AssertClose(cpuProducts[i].ToArray(), products[i].ToArray(), tolerance, $"H·v {i}");
            }
        }

        private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                double scale = Math.Max(1.0, Math.Abs(expected[i]));
                Assert.True(
                    Math.Abs(expected[i] - actual[i]) <= tolerance * scale || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                    $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
            }
        }
    }

    /// <summary>The suite on managed memory: the reference path itself, run through the same code.</summary>
    public sealed class CpuDeviceTensorTests : DeviceTensorTests
    {
        protected override Device Device => Device.Cpu;
    }

    /// <summary>The suite on ILGPU's CPU accelerator: every device kernel, allocator and launch path.</summary>
    public sealed class AcceleratorDeviceTensorTests : DeviceTensorTests
    {
        protected override Device Device => DeviceUnderTest.CpuAccelerator;

        [Fact]
        public void Mixing_devices_throws_naming_both()
        {
            Tensor onDevice = Random(70, 3);
            Tensor onCpu = Tensor.Ones(3);
            ArgumentException error = Assert.Throws<ArgumentException>(() => onDevice + onCpu);
            Assert.Contains(Device.ToString(), error.Message);
            Assert.Contains("cpu", error.Message);
            Assert.Throws<ArgumentException>(() => Tensor.MatMul(onCpu.Reshape(1, 3), onDevice.Reshape(3, 1)));
            Assert.Throws<ArgumentException>(() => onDevice.AddInPlace(onCpu));
        }

        [Fact]
        public void The_device_prints_as_pytorch_names_it_and_tensors_name_their_device()
        {
            Assert.Equal("ilgpu-cpu:0", Device.ToString());
            Assert.Equal("cpu", Device.Cpu.ToString());
            Assert.Equal("cuda:1", Device.Cuda(1).ToString());
            Assert.Same(Device.Cuda(1), Device.Cuda(1));
            Assert.EndsWith(", device='ilgpu-cpu:0')", Tensor.Ones(new[] { 2 }, Device).ToString());
        }

        [Fact]
        public void Host_only_access_says_so_instead_of_reading_nothing()
        {
            Tensor x = Random(71, 2, 3);
            NotSupportedException error = Assert.Throws<NotSupportedException>(() => x.AsSpan());
            Assert.Contains("AsSpan", error.Message);
            Assert.Contains("To(Device.Cpu)", error.Message);
        }

        [Fact]
        public void A_training_step_in_steady_state_takes_its_buffers_from_the_cache()
        {
            Sequential model = (Sequential)Network2().To(Device);
            var optimizer = new Adam(model.Parameters(), lr: 0.01);
            Tensor input = Random(72, 32, 8);
            int[] labels = Enumerable.Range(0, 32).Select(i => i % 3).ToArray();
            void Step()
            {
                optimizer.ZeroGrad();
                DeviceFunctions.ModuleLossGradient(model, input, labels);
                optimizer.Step();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            for (int i = 0; i < 3; i++)
            {
                Step();
            }

            long before = Device.Memory.DriverAllocations;
            for (int i = 0; i < 5; i++)
            {
                Step();
            }

            Assert.Equal(before, Device.Memory.DriverAllocations);
            Assert.True(Device.MemoryReserved >= Device.MemoryAllocated);
        }

        [Fact]
        public void The_product_kernel_sized_for_gpus_agrees_with_the_cpu()
        {
            // 16×16 groups with 4×4 blocks per thread: 70 × 130 · 130 × 90 crosses the 64-wide blocks
            // and the 16-deep panels in every direction, with and without each transposition.
            Device wide = DeviceUnderTest.WideGroups;
            Assert.True(wide.AcceleratorInstance.MaxNumThreadsPerGroup >= 256);
            Tensor a = Tensor.Randn(new[] { 70, 130 }, new Diff.Generator(100));
            Tensor b = Tensor.Randn(new[] { 130, 90 }, new Diff.Generator(101));
            Tensor expected = Tensor.MatMul(a, b);
            Tensor actual = Tensor.MatMul(a.To(wide), b.To(wide));
            Assert.Same(wide, actual.Device);
            float[] e = expected.ToArray(), g = actual.ToArray();
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - g[i]) <= 1e-4 * Math.Max(1, Math.Abs(e[i])), $"[{i}]: {e[i]} against {g[i]}");
            }

            // Linear reads its weight transposed; its backward reads the gradient and the input transposed.
            Tensor weight = Tensor.Randn(new[] { 90, 130 }, new Diff.Generator(102));
            Tensor bias = Tensor.Randn(new[] { 90 }, new Diff.Generator(103));
            Tensor[] cpu = { a, weight, bias };
            Tensor[] device = cpu.Select(t => t.To(wide)).ToArray();
            Tensor[] cpuAdjoints = cpu.Select(Tensor.ZerosLike).ToArray();
            Tensor[] deviceAdjoints = device.Select(Tensor.ZerosLike).ToArray();
            DeviceFunctions.LinearSumGradient(cpu[0], cpu[1], cpu[2], cpuAdjoints[0], cpuAdjoints[1], cpuAdjoints[2]);
            DeviceFunctions.LinearSumGradient(device[0], device[1], device[2], deviceAdjoints[0], deviceAdjoints[1], deviceAdjoints[2]);
            for (int t = 0; t < 3; t++)
            {
                float[] want = cpuAdjoints[t].ToArray(), got = deviceAdjoints[t].ToArray();
                for (int i = 0; i < want.Length; i++)
                {
                    Assert.True(Math.Abs(want[i] - got[i]) <= 1e-4 * Math.Max(1, Math.Abs(want[i])), $"adjoint {t} [{i}]: {want[i]} against {got[i]}");
                }
            }
        }

        private static Sequential Network2() => new(
            new Linear(8, 16, generator: new Diff.Generator(80)),
            new ReLU(),
            new Linear(16, 3, generator: new Diff.Generator(81)));
    }
}
