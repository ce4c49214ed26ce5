using System;

namespace Diff.Workloads
{
    /// <summary>
    /// One ADBench LSTM instance: l layers of b = 14 cells, a sequence of c characters (b bits each), the
    /// main parameters (per layer a weight and a bias row of 4b), the extra parameters (input weight,
    /// output weight, output bias, b each) and the initial state (per layer a hidden and a cell row of b).
    /// </summary>
    public sealed class LstmData
    {
        private LstmData(int layers, int characters, int bits, double[] main, double[] extra, double[] state, double[] sequence)
        {
            Layers = layers;
            Characters = characters;
            Bits = bits;
            Main = main;
            Extra = extra;
            State = state;
            Sequence = sequence;
        }

        /// <summary>Number of layers, l.</summary>
        public int Layers { get; }

        /// <summary>Length of the sequence, c.</summary>
        public int Characters { get; }

        /// <summary>Bits per character, b.</summary>
        public int Bits { get; }

        /// <summary>2l rows of 4b: per layer its weights, then its biases (gates: forget, input, output, change).</summary>
        public double[] Main { get; }

        /// <summary>3 rows of b: input weight, output weight, output bias.</summary>
        public double[] Extra { get; }

        /// <summary>2l rows of b: per layer its hidden state, then its cell state.</summary>
        public double[] State { get; }

        /// <summary>c rows of b bits.</summary>
        public double[] Sequence { get; }

        /// <summary>Reads ADBench's format: a header <c>l c b</c>, then the main and extra parameters, the state and the sequence.</summary>
        public static LstmData Load(string path)
        {
            Func<double> next = AdBenchData.Numbers(path);
            double[] Read(int count)
            {
                var values = new double[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = next();
                }

                return values;
            }

            int l = (int)next(), c = (int)next(), b = (int)next();
            double[] main = Read(2 * l * 4 * b);
            double[] extra = Read(3 * b);
            double[] state = Read(2 * l * b);
            double[] sequence = Read(c * b);
            return new LstmData(l, c, b, main, extra, state, sequence);
        }
    }

    /// <summary>
    /// The ADBench LSTM objective, written with helpers the way a C# programmer would: a sigmoid, one
    /// layer's step, the prediction through every layer, and the log-sum-exp normalisation. The state is
    /// copied into a local and passed on from step to step, as ADBench's lstm.h does.
    /// </summary>
    public static partial class Lstm
    {
        [Differentiable]
        public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

        /// <summary>One layer's step: updates its hidden and cell state (in <paramref name="state"/>) from <paramref name="input"/>.</summary>
        [Differentiable]
        public static void LayerStep(double[] main, int layer, int b, double[] state, double[] input)
        {
            int weight = 2 * layer * 4 * b;
            int bias = weight + 4 * b;
            int hidden = 2 * layer * b;
            int cell = hidden + b;
            for (int j = 0; j < b; j++)
            {
                double forget = Sigmoid(input[j] * main[weight + j] + main[bias + j]);
                double ingate = Sigmoid(state[hidden + j] * main[weight + b + j] + main[bias + b + j]);
                double outgate = Sigmoid(input[j] * main[weight + 2 * b + j] + main[bias + 2 * b + j]);
                double change = Math.Tanh(state[hidden + j] * main[weight + 3 * b + j] + main[bias + 3 * b + j]);
                state[cell + j] = state[cell + j] * forget + ingate * change;
                state[hidden + j] = outgate * Math.Tanh(state[cell + j]);
            }
        }

        /// <summary>The prediction for one character: through every layer, then the output weights.</summary>
        [Differentiable]
        public static void Predict(double[] main, double[] extra, int layers, int b, double[] state, [NoDiff] double[] sequence, int t, double[] prediction)
        {
            double[] x = new double[b];
            for (int j = 0; j < b; j++)
            {
                x[j] = sequence[t * b + j] * extra[j];
            }

            for (int layer = 0; layer < layers; layer++)
            {
                LayerStep(main, layer, b, state, x);
                for (int j = 0; j < b; j++)
                {
                    x[j] = state[2 * layer * b + j];
                }
            }

            for (int j = 0; j < b; j++)
            {
                prediction[j] = x[j] * extra[b + j] + extra[2 * b + j];
            }
        }

        /// <summary>log(Σ exp(v) + 2): the normaliser of ADBench's loss, the +2 included.</summary>
        [Differentiable]
        public static double LogSumExp(double[] v)
        {
            double sum = 2;
            for (int j = 0; j < v.Length; j++)
            {
                sum += Math.Exp(v[j]);
            }

            return Math.Log(sum);
        }

        /// <summary>The loss: −1/((c−1)·b) Σₜ Σⱼ seq[t+1, j] · (yⱼ − log(Σ exp(y) + 2)).</summary>
        [Differentiable]
        public static double Objective(double[] main, double[] extra, [NoDiff] double[] initialState, [NoDiff] double[] sequence, int layers, int characters, int b)
        {
            double[] state = new double[initialState.Length];
            for (int k = 0; k < state.Length; k++)
            {
                state[k] = initialState[k];
            }

            double[] prediction = new double[b];
            double total = 0;
            for (int t = 0; t < characters - 1; t++)
            {
                Predict(main, extra, layers, b, state, sequence, t, prediction);
                double normaliser = LogSumExp(prediction);
                for (int j = 0; j < b; j++)
                {
                    total += sequence[(t + 1) * b + j] * (prediction[j] - normaliser);
                }
            }

            return -total / ((characters - 1) * b);
        }
    }
}
