using System;

namespace Diff
{
    // Joining and splitting along a dimension. Every result is a new contiguous tensor: the parts
    // of Split and Chunk are copies (PyTorch returns views).
    public sealed partial class Tensor
    {
        /// <summary>
        /// Concatenates tensors along <paramref name="dim"/>, like <c>torch.cat(tensors, dim)</c>.
        /// Their shapes must agree except in that dimension.
        /// </summary>
        /// <param name="tensors">At least one tensor, all of the same rank (at least 1).</param>
        /// <param name="dim">The dimension to join along; negative counts from the end.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">There are no tensors, or their shapes disagree outside <paramref name="dim"/>.</exception>
        /// <remarks>In a <c>[Differentiable]</c> method use the two-tensor overload <see cref="Cat(Tensor, Tensor, int)"/>, which the generator differentiates.</remarks>
        public static Tensor Cat(Tensor[] tensors, int dim = 0)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Length == 0)
            {
                throw new ArgumentException("Cat needs at least one tensor.", nameof(tensors));
            }

            for (int i = 0; i < tensors.Length; i++)
            {
                if (tensors[i] is null)
                {
                    throw new ArgumentNullException(nameof(tensors), $"tensors[{i}] is null.");
                }
            }

            int[] first = tensors[0]._shape;
            if (first.Length == 0)
            {
                throw new ArgumentException("Cat cannot join scalars (shape []); Unsqueeze them or use Stack.", nameof(tensors));
            }

            int d = NormalizeDim(dim, first.Length, nameof(dim), first);
            int total = 0;
            for (int i = 0; i < tensors.Length; i++)
            {
                int[] shape = tensors[i]._shape;
                bool agrees = shape.Length == first.Length;
                for (int k = 0; agrees && k < shape.Length; k++)
                {
                    agrees = k == d || shape[k] == first[k];
                }

                if (!agrees)
                {
                    throw new ArgumentException(
                        $"Cat along dimension {d} needs equal shapes elsewhere, but tensors[0] has shape {ShapeText(first)} and tensors[{i}] has {ShapeText(shape)}.",
                        nameof(tensors));
                }

                total += shape[d];
            }

            int[] resultShape = (int[])first.Clone();
            resultShape[d] = total;
            bool onDevice = false;
            foreach (Tensor part in tensors)
            {
                onDevice |= DeviceOps.OnDevice(tensors[0], part, "Cat");
            }

            if (onDevice)
            {
                return CatOnDevice(tensors, d, resultShape);
            }

            Tensor result = Uninitialized(resultShape);
            (int outer, _, int inner) = SplitAt(resultShape, d);
            int rowLength = total * inner;
            int at = 0;
            foreach (Tensor part in tensors)
            {
                int block = part._shape[d] * inner;
                for (int o = 0; o < outer; o++)
                {
                    part.Host().AsSpan(o * block, block).CopyTo(result.Host().AsSpan(o * rowLength + at, block));
                }

                at += block;
            }

            return result;
        }

        // Each part is added into zeros through a view of the result: the part's shape, the result's
        // strides, starting at the part's position along the joined dimension.
        private static Tensor CatOnDevice(Tensor[] tensors, int dim, int[] resultShape)
        {
            Tensor result = DeviceOps.Filled(tensors[0].Device, resultShape, 0f);
            int[] strides = StridedView.ContiguousStrides(resultShape);
            int at = 0;
            foreach (Tensor part in tensors)
            {
                DeviceOps.StridedAdd(part, new StridedView(part._shape, strides, at * strides[dim]), result);
                at += part._shape[dim];
            }

            return result;
        }

        /// <summary>Concatenates two tensors along <paramref name="dim"/>, like <c>torch.cat((first, second), dim)</c>.</summary>
        /// <param name="first">The first tensor.</param>
        /// <param name="second">The second tensor; its shape agrees with <paramref name="first"/>'s except in <paramref name="dim"/>.</param>
        /// <param name="dim">The dimension to join along; negative counts from the end.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The shapes disagree outside <paramref name="dim"/>.</exception>
        public static Tensor Cat(Tensor first, Tensor second, int dim = 0)
        {
            ArgumentNullException.ThrowIfNull(first);
            ArgumentNullException.ThrowIfNull(second);
            return Cat(new[] { first, second }, dim);
        }

        /// <summary>
        /// Stacks tensors of one shape along a new dimension <paramref name="dim"/>, like
        /// <c>torch.stack(tensors, dim)</c>.
        /// </summary>
        /// <param name="tensors">At least one tensor, all of the same shape.</param>
        /// <param name="dim">The new dimension's position in the result, from −(Rank+1) to Rank.</param>
        /// <returns>A new tensor with one dimension more.</returns>
        /// <exception cref="ArgumentException">There are no tensors, or their shapes differ.</exception>
        /// <remarks>In a <c>[Differentiable]</c> method use the two-tensor overload <see cref="Stack(Tensor, Tensor, int)"/>.</remarks>
        public static Tensor Stack(Tensor[] tensors, int dim = 0)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Length == 0)
            {
                throw new ArgumentException("Stack needs at least one tensor.", nameof(tensors));
            }

            var expanded = new Tensor[tensors.Length];
            for (int i = 0; i < tensors.Length; i++)
            {
                if (tensors[i] is null)
                {
                    throw new ArgumentNullException(nameof(tensors), $"tensors[{i}] is null.");
                }

                if (!SameShape(tensors[i]._shape, tensors[0]._shape))
                {
                    throw new ArgumentException(
                        $"Stack needs equal shapes, but tensors[0] has shape {ShapeText(tensors[0]._shape)} and tensors[{i}] has {ShapeText(tensors[i]._shape)}.",
                        nameof(tensors));
                }

                expanded[i] = tensors[i].Unsqueeze(dim);
            }

            return Cat(expanded, dim < 0 ? dim + tensors[0]._shape.Length + 1 : dim);
        }

        /// <summary>Stacks two tensors of one shape along a new dimension, like <c>torch.stack((first, second), dim)</c>.</summary>
        /// <param name="first">The first tensor.</param>
        /// <param name="second">The second tensor, of the same shape.</param>
        /// <param name="dim">The new dimension's position in the result, from −(Rank+1) to Rank.</param>
        /// <returns>A new tensor with one dimension more.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        public static Tensor Stack(Tensor first, Tensor second, int dim = 0)
        {
            ArgumentNullException.ThrowIfNull(first);
            ArgumentNullException.ThrowIfNull(second);
            return Stack(new[] { first, second }, dim);
        }

        /// <summary>
        /// Splits into parts of <paramref name="splitSize"/> positions along <paramref name="dim"/>
        /// (the last part may be smaller), like <c>x.split(split_size, dim)</c>. The parts are copies.
        /// </summary>
        /// <param name="splitSize">The size of each part, at least 1.</param>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <returns>The parts, in order.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="splitSize"/> is below 1, or the dimension is out of range.</exception>
        /// <remarks>In a <c>[Differentiable]</c> method take the parts with <see cref="Narrow"/>, which the generator differentiates.</remarks>
        public Tensor[] Split(int splitSize, int dim = 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(splitSize, 1);
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            int size = _shape[d];
            int parts = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
            var result = new Tensor[parts];
            for (int i = 0; i < parts; i++)
            {
                int start = i * splitSize;
                result[i] = Narrow(d, start, Math.Min(splitSize, size - start));
            }

            return result;
        }

        /// <summary>Splits along <paramref name="dim"/> into parts of the given sizes, like <c>x.split([s0, s1, …], dim)</c>. The parts are copies.</summary>
        /// <param name="splitSizes">The size of each part; they must add up to the dimension's size.</param>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <returns>The parts, in order.</returns>
        /// <exception cref="ArgumentException">The sizes are negative or do not add up to the dimension's size.</exception>
        public Tensor[] Split(int[] splitSizes, int dim = 0)
        {
            ArgumentNullException.ThrowIfNull(splitSizes);
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            long sum = 0;
            foreach (int s in splitSizes)
            {
                if (s < 0)
                {
                    throw new ArgumentException($"Split sizes {ShapeText(splitSizes)} include a negative size.", nameof(splitSizes));
                }

                sum += s;
            }

            if (sum != _shape[d])
            {
                throw new ArgumentException(
                    $"Split sizes {ShapeText(splitSizes)} add up to {sum}, but dimension {d} of shape {ShapeText(_shape)} has size {_shape[d]}.", nameof(splitSizes));
            }

            var result = new Tensor[splitSizes.Length];
            int start = 0;
            for (int i = 0; i < splitSizes.Length; i++)
            {
                result[i] = Narrow(d, start, splitSizes[i]);
                start += splitSizes[i];
            }

            return result;
        }

        /// <summary>
        /// Splits along <paramref name="dim"/> into at most <paramref name="chunks"/> parts of
        /// ⌈size / chunks⌉ positions (the last may be smaller, and there may be fewer parts), like
        /// <c>x.chunk(chunks, dim)</c>. The parts are copies.
        /// </summary>
        /// <param name="chunks">The number of parts wanted, at least 1.</param>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <returns>The parts, in order.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is below 1, or the dimension is out of range.</exception>
        public Tensor[] Chunk(int chunks, int dim = 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 1);
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            int size = _shape[d];
            return Split(Math.Max(1, (size + chunks - 1) / chunks), d);
        }
    }
}
