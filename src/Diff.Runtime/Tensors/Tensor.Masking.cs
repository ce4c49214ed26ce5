using System;

namespace Diff
{
    // Boolean masks. A mask is a float tensor in which any non-zero element means true (the
    // runtime has one float tensor type; comparisons and hand-built masks hold 1 and 0).
    public sealed partial class Tensor
    {
        /// <summary>
        /// A copy of this tensor with <paramref name="value"/> wherever <paramref name="mask"/> is
        /// non-zero, like <c>x.masked_fill(mask, value)</c>. The mask broadcasts to this tensor's shape.
        /// </summary>
        /// <param name="mask">The mask; non-zero means "fill".</param>
        /// <param name="value">The fill value.</param>
        /// <returns>A new tensor of this tensor's shape.</returns>
        /// <exception cref="ArgumentException">The mask does not broadcast to this tensor's shape.</exception>
        public Tensor MaskedFill(Tensor mask, float value)
        {
            ArgumentNullException.ThrowIfNull(mask);
            if (DeviceOps.OnDevice(this, mask, nameof(MaskedFill)))
            {
                RequireBroadcastMask(mask, _shape, nameof(mask));
                return DeviceOps.MaskedFill(this, mask.BroadcastTo(_shape), value);
            }

            float[] expanded = ExpandMask(mask, _shape, nameof(mask));
            Tensor result = Clone();
            for (int i = 0; i < expanded.Length; i++)
            {
                if (expanded[i] != 0f)
                {
                    result.Host()[i] = value;
                }
            }

            return result;
        }

        /// <summary>
        /// Picks <paramref name="input"/> where <paramref name="condition"/> is non-zero and
        /// <paramref name="other"/> elsewhere, like <c>torch.where(condition, input, other)</c>; the
        /// three broadcast together.
        /// </summary>
        /// <param name="condition">The mask; non-zero picks <paramref name="input"/>.</param>
        /// <param name="input">The values where the condition holds.</param>
        /// <param name="other">The values where it does not.</param>
        /// <returns>A new tensor of the broadcast shape.</returns>
        /// <exception cref="ArgumentException">The shapes do not broadcast together.</exception>
        public static Tensor Where(Tensor condition, Tensor input, Tensor other)
        {
            ArgumentNullException.ThrowIfNull(condition);
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(other);
            int[] shape = WhereShape(condition, input, other);
            if (DeviceOps.OnDevice(condition, input, nameof(Where)) | DeviceOps.OnDevice(condition, other, nameof(Where)))
            {
                return DeviceOps.Where(condition.BroadcastTo(shape), input.BroadcastTo(shape), other.BroadcastTo(shape));
            }

            float[] mask = ExpandMask(condition, shape, nameof(condition));
            float[] a = ExpandTo(input, shape);
            float[] b = ExpandTo(other, shape);
            for (int i = 0; i < mask.Length; i++)
            {
                a[i] = mask[i] != 0f ? a[i] : b[i];
            }

            return Wrap(a, shape);
        }

        private static int[] WhereShape(Tensor condition, Tensor input, Tensor other)
        {
            int[] values = Broadcasting.Shape(input._shape, other._shape, nameof(input), nameof(other));
            return Broadcasting.Shape(condition._shape, values, nameof(condition), "input and other");
        }

        /// <summary>The mask's elements broadcast to <paramref name="shape"/>, in new storage.</summary>
        private static float[] ExpandMask(Tensor mask, int[] shape, string argumentName)
        {
            RequireBroadcastMask(mask, shape, argumentName);
            return ExpandTo(mask, shape);
        }

        private static void RequireBroadcastMask(Tensor mask, int[] shape, string argumentName)
        {
            if (!Broadcasting.BroadcastsTo(mask._shape, shape))
            {
                throw new ArgumentException(
                    $"The mask of shape {ShapeText(mask._shape)} does not broadcast to shape {ShapeText(shape)}.", argumentName);
            }
        }

        /// <summary>The elements broadcast to <paramref name="shape"/> (which they broadcast to), in new storage.</summary>
        private static float[] ExpandTo(Tensor tensor, int[] shape)
        {
            var expanded = new float[ProductOf(shape)];
            Broadcasting.Expand(tensor.Host(), tensor._shape, expanded, shape);
            return expanded;
        }
    }
}
