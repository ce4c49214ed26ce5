using System;

namespace Diff.NN
{
    /// <summary>
    /// Flattens the dimensions from <see cref="StartDim"/> to <see cref="EndDim"/> into one, like
    /// PyTorch's <c>nn.Flatten</c> (by default everything but the batch dimension).
    /// </summary>
    public sealed partial class Flatten : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="startDim">The first dimension to flatten (1); negative counts from the end.</param>
        /// <param name="endDim">The last dimension to flatten (−1); negative counts from the end.</param>
        public Flatten(int startDim = 1, int endDim = -1)
        {
            StartDim = startDim;
            EndDim = endDim;
        }

        /// <summary>The first dimension flattened.</summary>
        public int StartDim { get; }

        /// <summary>The last dimension flattened.</summary>
        public int EndDim { get; }

        /// <summary>Flattens <paramref name="input"/>; the result shares its storage.</summary>
        /// <param name="input">A tensor with the dimensions <see cref="StartDim"/> and <see cref="EndDim"/>.</param>
        /// <returns>The same elements with the range of dimensions merged.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.Reshape(FlattenedShape(input.Shape));
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";

        private int[] FlattenedShape(int[] shape)
        {
            if (shape.Length == 0)
            {
                // PyTorch flattens a scalar into a one-element vector.
                return new[] { 1 };
            }

            int start = StartDim < 0 ? StartDim + shape.Length : StartDim;
            int end = EndDim < 0 ? EndDim + shape.Length : EndDim;
            if (start < 0 || start >= shape.Length || end < 0 || end >= shape.Length || start > end)
            {
                throw new ArgumentException(
                    $"Flatten(start_dim={StartDim}, end_dim={EndDim}) does not fit input {Shapes.Format(shape)}.", "input");
            }

            int[] result = new int[shape.Length - (end - start)];
            int merged = 1;
            for (int d = start; d <= end; d++)
            {
                merged *= shape[d];
            }

            for (int d = 0, r = 0; d < shape.Length; d++)
            {
                if (d < start || d > end)
                {
                    result[r++] = shape[d];
                }
                else if (d == start)
                {
                    result[r++] = merged;
                }
            }

            return result;
        }
    }

    /// <summary>Returns its input unchanged, like PyTorch's <c>nn.Identity</c> (a placeholder in architectures).</summary>
    public sealed partial class Identity : Module
    {
        /// <summary>Returns <paramref name="input"/>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>The same tensor.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input;
        }
    }
}
