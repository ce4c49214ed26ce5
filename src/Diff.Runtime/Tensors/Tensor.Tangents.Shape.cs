using System.ComponentModel;

namespace Diff
{
    // Shape and slicing ops are linear: each one's tangent is the op applied to the tangent.
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <see cref="Reshape"/>: the tangent reshaped.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Reshape))]
        public static Tensor ReshapeTangent(Tensor self, int[] shape, Tensor result, Tensor? tSelf) => tSelf?.Reshape(shape) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Transpose()"/>: the tangent transposed.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Transpose))]
        public static Tensor TransposeTangent(Tensor self, Tensor result, Tensor? tSelf) => tSelf?.Transpose() ?? ZerosLike(result);

        /// <summary>Tangent of the <see cref="T"/> property: the tangent transposed.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "get_T")]
        public static Tensor TTangent(Tensor self, Tensor result, Tensor? tSelf) => tSelf?.T ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Clone"/>: the tangent itself (tangents are values, never written into).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Clone))]
        public static Tensor CloneTangent(Tensor self, Tensor result, Tensor? tSelf) => tSelf ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Gather(int[])"/>: the tangent gathered at the same columns.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Gather))]
        public static Tensor GatherTangent(Tensor self, int[] indices, Tensor result, Tensor? tSelf) => tSelf?.Gather(indices) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Squeeze()"/>: the tangent in the result's shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Squeeze))]
        public static Tensor SqueezeTangent(Tensor self, Tensor result, Tensor? tSelf) => tSelf?.SharingStorage(result._shape) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Squeeze(int)"/>: the tangent in the result's shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Squeeze))]
        public static Tensor SqueezeTangent(Tensor self, int dim, Tensor result, Tensor? tSelf) => tSelf?.SharingStorage(result._shape) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Unsqueeze"/>: the tangent in the result's shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Unsqueeze))]
        public static Tensor UnsqueezeTangent(Tensor self, int dim, Tensor result, Tensor? tSelf) => tSelf?.SharingStorage(result._shape) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Flatten"/>: the tangent in the result's shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Flatten))]
        public static Tensor FlattenTangent(Tensor self, int startDim, int endDim, Tensor result, Tensor? tSelf) => tSelf?.SharingStorage(result._shape) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Permute"/>: the tangent permuted the same way.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Permute))]
        public static Tensor PermuteTangent(Tensor self, int[] dims, Tensor result, Tensor? tSelf) => tSelf?.Permute(dims) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Transpose(int, int)"/>: the tangent with the same two dimensions swapped.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Transpose))]
        public static Tensor TransposeTangent(Tensor self, int dim0, int dim1, Tensor result, Tensor? tSelf) => tSelf?.Transpose(dim0, dim1) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="To"/>: the tangent moved to the same device.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(To))]
        public static Tensor ToTangent(Tensor self, Device device, Tensor result, Tensor? tSelf) => tSelf?.To(device) ?? ZerosLike(result);

        /// <summary>Tangent of the indexer: the tangent indexed the same way.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "get_At")]
        public static Tensor IndexerTangent(Tensor self, TensorIndex[] indices, Tensor result, Tensor? tSelf) => tSelf?[indices] ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Narrow"/>: the tangent narrowed the same way.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Narrow))]
        public static Tensor NarrowTangent(Tensor self, int dim, int start, int length, Tensor result, Tensor? tSelf) => tSelf?.Narrow(dim, start, length) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Select"/>: the tangent at the same position.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Select))]
        public static Tensor SelectTangent(Tensor self, int dim, int index, Tensor result, Tensor? tSelf) => tSelf?.Select(dim, index) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Slice"/>: the tangent sliced the same way.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Slice))]
        public static Tensor SliceTangent(Tensor self, int dim, int start, int end, int step, Tensor result, Tensor? tSelf) => tSelf?.Slice(dim, start, end, step) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Cat(Tensor, Tensor, int)"/>: the tangents concatenated (zeros for a null one).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Cat))]
        public static Tensor CatTangent(Tensor first, Tensor second, int dim, Tensor result, Tensor? tFirst, Tensor? tSecond) =>
            tFirst is null && tSecond is null ? ZerosLike(result) : Cat(tFirst ?? ZerosLike(first), tSecond ?? ZerosLike(second), dim);

        /// <summary>Tangent of <see cref="Stack(Tensor, Tensor, int)"/>: the tangents stacked (zeros for a null one).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Stack))]
        public static Tensor StackTangent(Tensor first, Tensor second, int dim, Tensor result, Tensor? tFirst, Tensor? tSecond) =>
            tFirst is null && tSecond is null ? ZerosLike(result) : Stack(tFirst ?? ZerosLike(first), tSecond ?? ZerosLike(second), dim);
    }
}
