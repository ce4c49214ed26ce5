using System;
using System.IO;

namespace Diff.Workloads
{
    /// <summary>
    /// ADBench hand tracking, written with helpers the way a C# programmer would: Euler angles and angle-axis
    /// vectors to rotation matrices, each finger's bone transforms from its four angles, skinning, the global
    /// transform, and each observation's residual. Matrices are 4 × 4 and row-major, as in the model files.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The Jacobian comes from the generated <c>MJacobian</c> of three kinds of block, joined by the chain rule:
    /// </para>
    /// <list type="bullet">
    /// <item><c>AngleAxisToRotationMatrixJacobian</c>: the global rotation matrix (9) by θ₀..₂ (3 tangent runs).</item>
    /// <item><c>FingerTransformsJacobian</c>, once per finger: its four bones' transforms (64) by its four angles
    /// (4 tangent runs over four bones).</item>
    /// <item><c>SimpleObservationJacobian</c> or <c>ComplicatedObservationJacobian</c>, once per observation: its
    /// residual (3) by the rotation matrix, the translation and the transforms of the bones its vertices use,
    /// plus u for the complicated problem (3 pullbacks).</item>
    /// </list>
    /// <para>
    /// One <c>MJacobian</c> of the whole residual by θ would be the shortest code, but it runs forward mode
    /// with 26 tangent runs, each through all 22 bones and every observation. A finger's angles move only that
    /// finger's bones, and an observation's residual reads only the few bones its vertices are skinned to,
    /// so the blocks above do a small part of that work. Composing them is matrix products of generated
    /// Jacobians; no derivative is written by hand.
    /// </para>
    /// </remarks>
    public static partial class HandTracking
    {
        /// <summary>Length of θ: global rotation (3), global translation (3), then four angles per finger.</summary>
        public const int ThetaCount = 26;

        /// <summary>Number of fingers.</summary>
        public const int Fingers = 5;

        /// <summary>Bones per finger, from the hand outwards. The first one has no pose parameters.</summary>
        public const int BonesPerFinger = 4;

        /// <summary>θ values per finger: two for its second bone, one for each of the next two.</summary>
        public const int AnglesPerFinger = 4;

        /// <summary>Where the finger angles start in θ.</summary>
        public const int FirstFingerAngle = 6;

        /// <summary>The first bone of finger <paramref name="finger"/>: the fingers are bones 1 to 20, four each.</summary>
        public static int FirstBoneOf(int finger) => 1 + BonesPerFinger * finger;

        /// <summary>The finger that moves bone <paramref name="bone"/>, or −1 for a bone outside the fingers (no pose parameters).</summary>
        public static int FingerOf(int bone) => bone >= 1 && bone <= Fingers * BonesPerFinger ? (bone - 1) / BonesPerFinger : -1;

        // ---------------------------------------------------------------------------------------------
        // The objective's helpers.
        // ---------------------------------------------------------------------------------------------

        /// <summary>
        /// The rotation matrix (3 × 3, row-major) of the angle-axis vector <paramref name="angleAxis"/>, the
        /// identity when its norm is below 1e-4.
        /// </summary>
        [Differentiable]
        public static void AngleAxisToRotationMatrix(ReadOnlySpan<double> angleAxis, Span<double> rotation)
        {
            double norm = Math.Sqrt(angleAxis[0] * angleAxis[0] + angleAxis[1] * angleAxis[1] + angleAxis[2] * angleAxis[2]);
            if (norm < 1e-4)
            {
                for (int k = 0; k < 9; k++)
                {
                    rotation[k] = k % 4 == 0 ? 1.0 : 0.0;
                }

                return;
            }

            double x = angleAxis[0] / norm;
            double y = angleAxis[1] / norm;
            double z = angleAxis[2] / norm;
            double s = Math.Sin(norm);
            double c = Math.Cos(norm);
            rotation[0] = x * x + (1 - x * x) * c;
            rotation[1] = x * y * (1 - c) - z * s;
            rotation[2] = x * z * (1 - c) + y * s;
            rotation[3] = x * y * (1 - c) + z * s;
            rotation[4] = y * y + (1 - y * y) * c;
            rotation[5] = y * z * (1 - c) - x * s;
            rotation[6] = x * z * (1 - c) - y * s;
            rotation[7] = z * y * (1 - c) + x * s;
            rotation[8] = z * z + (1 - z * z) * c;
        }

        /// <summary>
        /// The 4 × 4 transform [R 0; 0 1] with R = Rz(tz)·Ry(ty)·Rx(tx), the product multiplied out.
        /// </summary>
        [Differentiable]
        public static void EulerAnglesToRotationMatrix(double tx, double tz, double ty, Span<double> rotation)
        {
            double cx = Math.Cos(tx), sx = Math.Sin(tx);
            double cy = Math.Cos(ty), sy = Math.Sin(ty);
            double cz = Math.Cos(tz), sz = Math.Sin(tz);

            // Rz·Ry = [cz·cy, −sz, cz·sy; sz·cy, cz, sz·sy; −sy, 0, cy], then times Rx.
            rotation[0] = cz * cy;
            rotation[1] = -sz * cx + cz * sy * sx;
            rotation[2] = sz * sx + cz * sy * cx;
            rotation[3] = 0;
            rotation[4] = sz * cy;
            rotation[5] = cz * cx + sz * sy * sx;
            rotation[6] = -cz * sx + sz * sy * cx;
            rotation[7] = 0;
            rotation[8] = -sy;
            rotation[9] = cy * sx;
            rotation[10] = cy * cx;
            rotation[11] = 0;
            rotation[12] = 0;
            rotation[13] = 0;
            rotation[14] = 0;
            rotation[15] = 1;
        }

        /// <summary>c = a·b for the 4 × 4 row-major matrices that start at <paramref name="aAt"/>, <paramref name="bAt"/> and <paramref name="cAt"/>.</summary>
        [Differentiable]
        public static void Multiply(ReadOnlySpan<double> a, int aAt, ReadOnlySpan<double> b, int bAt, Span<double> c, int cAt)
        {
            for (int row = 0; row < 4; row++)
            {
                for (int column = 0; column < 4; column++)
                {
                    double sum = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        sum += a[aAt + 4 * row + k] * b[bAt + 4 * k + column];
                    }

                    c[cAt + 4 * row + column] = sum;
                }
            }
        }

        /// <summary>
        /// The transforms (absolute · inverse base absolute, 16 values each) of one finger's four bones, from its
        /// four angles. Its first bone does not move; its second bone takes (t_x, t_z) = (angles[0], angles[1]),
        /// the third and fourth t_x = angles[2] and angles[3]. Each bone's relative transform is its base relative
        /// transform times its rotation, and its absolute transform is its parent's times that.
        /// </summary>
        /// <param name="angles">The finger's four θ values.</param>
        /// <param name="parentAbsolute">The absolute transform of the bone the finger hangs from.</param>
        /// <param name="baseRelatives">The four bones' base relative transforms.</param>
        /// <param name="inverseBaseAbsolutes">The four bones' inverse base absolute transforms.</param>
        /// <param name="transforms">The four bones' transforms, 64 values.</param>
        [Differentiable]
        public static void FingerTransforms(ReadOnlySpan<double> angles, [NoDiff] ReadOnlySpan<double> parentAbsolute,
            [NoDiff] ReadOnlySpan<double> baseRelatives, [NoDiff] ReadOnlySpan<double> inverseBaseAbsolutes, Span<double> transforms)
        {
            // (t_x, t_z, t_y) of each bone: ADBench's pose-parameter columns for one finger.
            double[] pose = { 0, 0, 0, angles[0], angles[1], 0, angles[2], 0, 0, angles[3], 0, 0 };
            double[] absolute = new double[16];
            for (int k = 0; k < 16; k++)
            {
                absolute[k] = parentAbsolute[k];
            }

            double[] rotation = new double[16];
            double[] relative = new double[16];
            double[] next = new double[16];
            for (int bone = 0; bone < BonesPerFinger; bone++)
            {
                EulerAnglesToRotationMatrix(pose[3 * bone], pose[3 * bone + 1], pose[3 * bone + 2], rotation);
                Multiply(baseRelatives, 16 * bone, rotation, 0, relative, 0);
                Multiply(absolute, 0, relative, 0, next, 0);
                Multiply(next, 0, inverseBaseAbsolutes, 16 * bone, transforms, 16 * bone);
                for (int k = 0; k < 16; k++)
                {
                    absolute[k] = next[k];
                }
            }
        }

        /// <summary>
        /// Skins vertex <paramref name="vertex"/>: z = Σ w·(T·[x; 1])₁..₃ over the bones it is weighted to.
        /// </summary>
        /// <param name="transforms">Bone transforms, 16 values each.</param>
        /// <param name="weights">The skinning weights.</param>
        /// <param name="bones">The bone (in <paramref name="transforms"/>) of each weight.</param>
        /// <param name="weightStart">Where each vertex's weights start; one more entry than there are vertices.</param>
        /// <param name="positions">Rest positions, 3 per vertex.</param>
        /// <param name="vertex">The vertex.</param>
        /// <param name="skinned">The skinned position, 3 values.</param>
        [Differentiable]
        public static void SkinVertex(ReadOnlySpan<double> transforms, [NoDiff] ReadOnlySpan<double> weights, ReadOnlySpan<int> bones,
            ReadOnlySpan<int> weightStart, [NoDiff] ReadOnlySpan<double> positions, int vertex, Span<double> skinned)
        {
            double x = positions[3 * vertex], y = positions[3 * vertex + 1], z = positions[3 * vertex + 2];
            for (int row = 0; row < 3; row++)
            {
                double sum = 0;
                for (int k = weightStart[vertex]; k < weightStart[vertex + 1]; k++)
                {
                    int at = 16 * bones[k] + 4 * row;
                    sum += weights[k] * (transforms[at] * x + transforms[at + 1] * y + transforms[at + 2] * z + transforms[at + 3]);
                }

                skinned[row] = sum;
            }
        }

        /// <summary>The global transform y = R·z + t (R 3 × 3 row-major).</summary>
        [Differentiable]
        public static void GlobalTransform(ReadOnlySpan<double> rotation, ReadOnlySpan<double> translation, ReadOnlySpan<double> z, Span<double> y)
        {
            for (int row = 0; row < 3; row++)
            {
                y[row] = rotation[3 * row] * z[0] + rotation[3 * row + 1] * z[1] + rotation[3 * row + 2] * z[2] + translation[row];
            }
        }

        /// <summary>The simple problem's residual: e = point − y.</summary>
        [Differentiable]
        public static void SimpleResidual(ReadOnlySpan<double> y, [NoDiff] ReadOnlySpan<double> point, Span<double> residual)
        {
            for (int k = 0; k < 3; k++)
            {
                residual[k] = point[k] - y[k];
            }
        }

        /// <summary>The complicated problem's residual: e = point − (u₁·y_a + u₂·y_b + (1 − u₁ − u₂)·y_c).</summary>
        [Differentiable]
        public static void TriangleResidual(ReadOnlySpan<double> u, ReadOnlySpan<double> ya, ReadOnlySpan<double> yb, ReadOnlySpan<double> yc,
            [NoDiff] ReadOnlySpan<double> point, Span<double> residual)
        {
            for (int k = 0; k < 3; k++)
            {
                residual[k] = point[k] - (u[0] * ya[k] + u[1] * yb[k] + (1 - u[0] - u[1]) * yc[k]);
            }
        }

        // ---------------------------------------------------------------------------------------------
        // One observation, as a function of what it reads: the blocks of the Jacobian.
        // ---------------------------------------------------------------------------------------------

        /// <summary>
        /// One simple observation's residual from the global rotation matrix, the translation and the transforms
        /// of the bones vertex 0 of <paramref name="positions"/> is skinned to.
        /// </summary>
        [Differentiable]
        public static void SimpleObservation(ReadOnlySpan<double> rotation, ReadOnlySpan<double> translation, ReadOnlySpan<double> transforms,
            [NoDiff] ReadOnlySpan<double> weights, ReadOnlySpan<int> bones, ReadOnlySpan<int> weightStart, [NoDiff] ReadOnlySpan<double> positions,
            [NoDiff] ReadOnlySpan<double> point, Span<double> residual)
        {
            double[] z = new double[3];
            SkinVertex(transforms, weights, bones, weightStart, positions, 0, z);
            double[] y = new double[3];
            GlobalTransform(rotation, translation, z, y);
            SimpleResidual(y, point, residual);
        }

        /// <summary>
        /// One complicated observation's residual from u, the global rotation matrix, the translation and the
        /// transforms of the bones its triangle's vertices (0, 1 and 2 of <paramref name="positions"/>) are skinned to.
        /// </summary>
        [Differentiable]
        public static void ComplicatedObservation(ReadOnlySpan<double> u, ReadOnlySpan<double> rotation, ReadOnlySpan<double> translation,
            ReadOnlySpan<double> transforms, [NoDiff] ReadOnlySpan<double> weights, ReadOnlySpan<int> bones, ReadOnlySpan<int> weightStart,
            [NoDiff] ReadOnlySpan<double> positions, [NoDiff] ReadOnlySpan<double> point, Span<double> residual)
        {
            double[] za = new double[3];
            double[] zb = new double[3];
            double[] zc = new double[3];
            SkinVertex(transforms, weights, bones, weightStart, positions, 0, za);
            SkinVertex(transforms, weights, bones, weightStart, positions, 1, zb);
            SkinVertex(transforms, weights, bones, weightStart, positions, 2, zc);
            double[] ya = new double[3];
            double[] yb = new double[3];
            double[] yc = new double[3];
            GlobalTransform(rotation, translation, za, ya);
            GlobalTransform(rotation, translation, zb, yb);
            GlobalTransform(rotation, translation, zc, yc);
            TriangleResidual(u, ya, yb, yc, point, residual);
        }

        // ---------------------------------------------------------------------------------------------
        // The objective.
        // ---------------------------------------------------------------------------------------------

        /// <summary>
        /// Checks that the model has ADBench's skeleton, which the pose layout assumes: bones 1 to 20 are five
        /// fingers of four bones each, a chain hanging from a bone outside the fingers; no other bone hangs from a
        /// finger bone.
        /// </summary>
        /// <param name="model">The hand model.</param>
        public static void CheckSkeleton(HandModel model)
        {
            if (model.Bones != 22) throw new InvalidDataException($"The hand model has {model.Bones} bones; the pose layout needs 22.");
            for (int bone = 0; bone < model.Bones; bone++)
            {
                int finger = FingerOf(bone);
                int parent = model.Parents[bone];
                bool chained = finger >= 0 && bone != FirstBoneOf(finger);
                if (chained ? parent != bone - 1 : parent >= 0 && FingerOf(parent) >= 0)
                {
                    throw new InvalidDataException($"Bone {bone} ('{model.BoneNames[bone]}') has parent {parent}; the pose layout needs five chains of four bones (1 to 20) hanging from bones outside them.");
                }
            }
        }

        /// <summary>
        /// Every bone's transform (16 values each) for <paramref name="theta"/>. The bones outside the fingers have
        /// no pose parameters (their rotation is the identity), so their transforms do not depend on θ.
        /// </summary>
        /// <param name="model">The hand model.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="transforms">The transforms, 16 values per bone.</param>
        /// <param name="fingerJacobians">
        /// Null, or where to write each finger's <c>FingerTransformsJacobian</c> (64 × 4, row-major), 256 values per finger.
        /// </param>
        public static void BoneTransforms(HandModel model, ReadOnlySpan<double> theta, Span<double> transforms, Span<double> fingerJacobians = default)
        {
            CheckSkeleton(model);
            Span<double> absolutes = stackalloc double[16 * model.Bones];
            for (int bone = 0; bone < model.Bones; bone++)
            {
                int finger = FingerOf(bone);
                int parent = model.Parents[bone];
                if (finger < 0)
                {
                    Span<double> absolute = absolutes.Slice(16 * bone, 16);
                    if (parent < 0)
                    {
                        model.BaseRelatives.AsSpan(16 * bone, 16).CopyTo(absolute);
                    }
                    else
                    {
                        Multiply(absolutes, 16 * parent, model.BaseRelatives, 16 * bone, absolute, 0);
                    }

                    Multiply(absolute, 0, model.InverseBaseAbsolutes, 16 * bone, transforms, 16 * bone);
                }
                else if (bone == FirstBoneOf(finger))
                {
                    ReadOnlySpan<double> angles = theta.Slice(FirstFingerAngle + AnglesPerFinger * finger, AnglesPerFinger);
                    ReadOnlySpan<double> parentAbsolute = absolutes.Slice(16 * parent, 16);
                    ReadOnlySpan<double> baseRelatives = model.BaseRelatives.AsSpan(16 * bone, 16 * BonesPerFinger);
                    ReadOnlySpan<double> inverseBaseAbsolutes = model.InverseBaseAbsolutes.AsSpan(16 * bone, 16 * BonesPerFinger);
                    Span<double> fingerTransforms = transforms.Slice(16 * bone, 16 * BonesPerFinger);
                    if (fingerJacobians.IsEmpty)
                    {
                        FingerTransforms(angles, parentAbsolute, baseRelatives, inverseBaseAbsolutes, fingerTransforms);
                    }
                    else
                    {
                        FingerTransformsJacobian(angles, parentAbsolute, baseRelatives, inverseBaseAbsolutes, fingerTransforms,
                            fingerJacobians.Slice(FingerJacobianLength * finger, FingerJacobianLength));
                    }
                }
            }
        }

        /// <summary>The length of one finger's <c>FingerTransformsJacobian</c>: 64 rows (four transforms) by 4 angles.</summary>
        public const int FingerJacobianLength = 16 * BonesPerFinger * AnglesPerFinger;

        /// <summary>
        /// Every vertex of the mesh posed by <paramref name="theta"/>: skinned, then moved by the global transform
        /// (3 values per vertex), as ADBench's objective computes them.
        /// </summary>
        /// <param name="model">The hand model.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <returns>The posed vertices, 3 values each.</returns>
        public static double[] PosedVertices(HandModel model, ReadOnlySpan<double> theta)
        {
            if (theta.Length != ThetaCount) throw new ArgumentException($"θ has {theta.Length} values; expected {ThetaCount}.", nameof(theta));
            var transforms = new double[16 * model.Bones];
            BoneTransforms(model, theta, transforms);
            var skinned = new double[3 * model.Vertices];
            for (int v = 0; v < model.Vertices; v++)
            {
                SkinVertex(transforms, model.Weights, model.WeightBones, model.WeightStart, model.Positions, v, skinned.AsSpan(3 * v, 3));
            }

            Span<double> rotation = stackalloc double[9];
            AngleAxisToRotationMatrix(theta.Slice(0, 3), rotation);
            var placed = new double[3 * model.Vertices];
            for (int v = 0; v < model.Vertices; v++)
            {
                GlobalTransform(rotation, theta.Slice(3, 3), skinned.AsSpan(3 * v, 3), placed.AsSpan(3 * v, 3));
            }

            return placed;
        }

        /// <summary>The simple objective: e_j = point_j − y_corr_j, 3N values.</summary>
        /// <param name="data">A simple instance.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        public static void SimpleObjective(HandData data, ReadOnlySpan<double> theta, Span<double> residuals)
        {
            CheckLength(residuals.Length, 3 * data.N, nameof(residuals));
            double[] placed = PosedVertices(data.Model, theta);
            for (int j = 0; j < data.N; j++)
            {
                SimpleResidual(placed.AsSpan(3 * data.Correspondences[j], 3), data.Points.AsSpan(3 * j, 3), residuals.Slice(3 * j, 3));
            }
        }

        /// <summary>
        /// The complicated objective: e_j = point_j − (u_j1·y_a + u_j2·y_b + (1 − u_j1 − u_j2)·y_c), with (a, b, c)
        /// the triangle of correspondence j; 3N values.
        /// </summary>
        /// <param name="data">A complicated instance.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="us">The barycentric coordinates, 2N values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        public static void ComplicatedObjective(HandData data, ReadOnlySpan<double> theta, ReadOnlySpan<double> us, Span<double> residuals)
        {
            CheckLength(us.Length, 2 * data.N, nameof(us));
            CheckLength(residuals.Length, 3 * data.N, nameof(residuals));
            HandModel model = data.Model;
            double[] placed = PosedVertices(model, theta);
            for (int j = 0; j < data.N; j++)
            {
                int triangle = data.Correspondences[j];
                TriangleResidual(us.Slice(2 * j, 2), placed.AsSpan(3 * model.Triangles[3 * triangle], 3), placed.AsSpan(3 * model.Triangles[3 * triangle + 1], 3),
                    placed.AsSpan(3 * model.Triangles[3 * triangle + 2], 3), data.Points.AsSpan(3 * j, 3), residuals.Slice(3 * j, 3));
            }
        }

        // ---------------------------------------------------------------------------------------------
        // The Jacobian.
        // ---------------------------------------------------------------------------------------------

        /// <summary>
        /// The simple problem's Jacobian, 3N × 26, column-major (ADBench's layout), and the residuals.
        /// </summary>
        /// <param name="data">A simple instance.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        /// <param name="jacobian">The Jacobian ∂e/∂θ, 3N · 26 values, column-major.</param>
        public static void SimpleJacobian(HandData data, ReadOnlySpan<double> theta, Span<double> residuals, Span<double> jacobian)
        {
            CheckLength(residuals.Length, 3 * data.N, nameof(residuals));
            CheckLength(jacobian.Length, 3 * data.N * ThetaCount, nameof(jacobian));
            var pose = new PoseJacobians(data.Model, theta);
            var observation = new Observation(data.Model, 1);
            var block = new double[3 * (12 + 16 * observation.MaxBones)];
            jacobian.Clear();
            for (int j = 0; j < data.N; j++)
            {
                observation.Gather(pose.Transforms, data.Correspondences.AsSpan(j, 1));
                Span<double> b = block.AsSpan(0, 3 * (12 + 16 * observation.BoneCount));
                SimpleObservationJacobian(pose.Rotation, theta.Slice(3, 3), observation.Transforms, observation.Weights, observation.Bones,
                    observation.WeightStart, observation.Positions, data.Points.AsSpan(3 * j, 3), residuals.Slice(3 * j, 3), b);
                pose.Chain(b, 0, observation, jacobian, 3 * j, 3 * data.N, 0);
            }
        }

        /// <summary>
        /// The complicated problem's Jacobian, 3N × 28, column-major (ADBench's layout), and the residuals. Its
        /// first two columns are ∂e_j/∂u_j1 and ∂e_j/∂u_j2 in rows 3j..3j+2 (each residual depends only on its own
        /// u); the other 26 are ∂e/∂θ.
        /// </summary>
        /// <param name="data">A complicated instance.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="us">The barycentric coordinates, 2N values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        /// <param name="jacobian">The Jacobian, 3N · 28 values, column-major.</param>
        public static void ComplicatedJacobian(HandData data, ReadOnlySpan<double> theta, ReadOnlySpan<double> us, Span<double> residuals, Span<double> jacobian)
        {
            CheckLength(us.Length, 2 * data.N, nameof(us));
            CheckLength(residuals.Length, 3 * data.N, nameof(residuals));
            CheckLength(jacobian.Length, 3 * data.N * (2 + ThetaCount), nameof(jacobian));
            HandModel model = data.Model;
            var pose = new PoseJacobians(model, theta);
            var observation = new Observation(model, 3);
            var block = new double[3 * (2 + 12 + 16 * observation.MaxBones)];
            int rows = 3 * data.N;
            jacobian.Clear();
            for (int j = 0; j < data.N; j++)
            {
                observation.Gather(pose.Transforms, model.Triangles.AsSpan(3 * data.Correspondences[j], 3));
                int columns = 2 + 12 + 16 * observation.BoneCount;
                Span<double> b = block.AsSpan(0, 3 * columns);
                ComplicatedObservationJacobian(us.Slice(2 * j, 2), pose.Rotation, theta.Slice(3, 3), observation.Transforms, observation.Weights,
                    observation.Bones, observation.WeightStart, observation.Positions, data.Points.AsSpan(3 * j, 3), residuals.Slice(3 * j, 3), b);
                for (int i = 0; i < 3; i++)
                {
                    jacobian[3 * j + i] = b[columns * i];
                    jacobian[rows + 3 * j + i] = b[columns * i + 1];
                }

                pose.Chain(b, 2, observation, jacobian, 3 * j, rows, 2);
            }
        }

        private static void CheckLength(int length, int expected, string name)
        {
            if (length != expected) throw new ArgumentException($"{name} has {length} values; expected {expected}.", name);
        }

        /// <summary>
        /// What every observation shares: the bone transforms with each finger's Jacobian by its angles, and the
        /// global rotation matrix with its Jacobian by θ₀..₂.
        /// </summary>
        private sealed class PoseJacobians
        {
            private readonly double[] _fingerJacobians = new double[Fingers * FingerJacobianLength];
            private readonly double[] _rotationJacobian = new double[27];

            public PoseJacobians(HandModel model, ReadOnlySpan<double> theta)
            {
                if (theta.Length != ThetaCount) throw new ArgumentException($"θ has {theta.Length} values; expected {ThetaCount}.", nameof(theta));
                Transforms = new double[16 * model.Bones];
                BoneTransforms(model, theta, Transforms, _fingerJacobians);
                AngleAxisToRotationMatrixJacobian(theta.Slice(0, 3), Rotation, _rotationJacobian);
            }

            public double[] Transforms { get; }

            public double[] Rotation { get; } = new double[9];

            /// <summary>
            /// Adds one observation's rows of ∂e/∂θ to the column-major <paramref name="jacobian"/>, from the
            /// observation's block (3 rows, row-major: <paramref name="at"/> leading columns, then the rotation
            /// matrix, the translation and the gathered transforms) and the shared Jacobians.
            /// </summary>
            public void Chain(ReadOnlySpan<double> block, int at, Observation observation, Span<double> jacobian, int row0, int rows, int column0)
            {
                int columns = at + 12 + 16 * observation.BoneCount;
                for (int i = 0; i < 3; i++)
                {
                    ReadOnlySpan<double> r = block.Slice(columns * i, columns);
                    int row = row0 + i;
                    for (int a = 0; a < 3; a++)
                    {
                        double sum = 0;
                        for (int m = 0; m < 9; m++)
                        {
                            sum += r[at + m] * _rotationJacobian[3 * m + a];
                        }

                        jacobian[row + rows * (column0 + a)] = sum;
                        jacobian[row + rows * (column0 + 3 + a)] = r[at + 9 + a];
                    }

                    for (int b = 0; b < observation.BoneCount; b++)
                    {
                        int bone = observation.ModelBones[b];
                        int finger = FingerOf(bone);
                        if (finger < 0) continue;
                        ReadOnlySpan<double> bJ = _fingerJacobians.AsSpan(FingerJacobianLength * finger + 16 * AnglesPerFinger * (bone - FirstBoneOf(finger)), 16 * AnglesPerFinger);
                        ReadOnlySpan<double> dT = r.Slice(at + 12 + 16 * b, 16);
                        for (int a = 0; a < AnglesPerFinger; a++)
                        {
                            double sum = 0;
                            for (int e = 0; e < 16; e++)
                            {
                                sum += dT[e] * bJ[AnglesPerFinger * e + a];
                            }

                            jacobian[row + rows * (column0 + FirstFingerAngle + AnglesPerFinger * finger + a)] += sum;
                        }
                    }
                }
            }
        }

        /// <summary>
        /// One observation's vertices as a small model of their own: the transforms of the bones they use (each
        /// once), their weights with bones numbered within it, and their rest positions. An observation's
        /// <c>MJacobian</c> then has a column for each value it reads, and no others.
        /// </summary>
        private sealed class Observation
        {
            private readonly HandModel _model;
            private readonly double[] _transforms;
            private readonly double[] _weights;
            private readonly int[] _bones;
            private readonly int[] _weightStart;
            private readonly double[] _positions;
            private readonly int[] _modelBones;
            private int _weightCount;
            private int _vertexCount;

            public Observation(HandModel model, int vertices)
            {
                _model = model;
                int maxWeights = 0;
                for (int v = 0; v < model.Vertices; v++)
                {
                    maxWeights = Math.Max(maxWeights, model.WeightStart[v + 1] - model.WeightStart[v]);
                }

                MaxBones = Math.Min(model.Bones, vertices * maxWeights);
                _transforms = new double[16 * MaxBones];
                _weights = new double[vertices * maxWeights];
                _bones = new int[vertices * maxWeights];
                _weightStart = new int[vertices + 1];
                _positions = new double[3 * vertices];
                _modelBones = new int[MaxBones];
            }

            public int MaxBones { get; }

            public int BoneCount { get; private set; }

            public ReadOnlySpan<double> Transforms => _transforms.AsSpan(0, 16 * BoneCount);

            public ReadOnlySpan<double> Weights => _weights.AsSpan(0, _weightCount);

            public ReadOnlySpan<int> Bones => _bones.AsSpan(0, _weightCount);

            public ReadOnlySpan<int> WeightStart => _weightStart.AsSpan(0, _vertexCount + 1);

            public ReadOnlySpan<double> Positions => _positions.AsSpan(0, 3 * _vertexCount);

            public ReadOnlySpan<int> ModelBones => _modelBones.AsSpan(0, BoneCount);

            public void Gather(double[] transforms, ReadOnlySpan<int> vertices)
            {
                BoneCount = 0;
                _weightCount = 0;
                _vertexCount = vertices.Length;
                for (int n = 0; n < vertices.Length; n++)
                {
                    int v = vertices[n];
                    _weightStart[n] = _weightCount;
                    for (int k = 0; k < 3; k++)
                    {
                        _positions[3 * n + k] = _model.Positions[3 * v + k];
                    }

                    for (int w = _model.WeightStart[v]; w < _model.WeightStart[v + 1]; w++)
                    {
                        int bone = _model.WeightBones[w];
                        int local = Array.IndexOf(_modelBones, bone, 0, BoneCount);
                        if (local < 0)
                        {
                            local = BoneCount++;
                            _modelBones[local] = bone;
                            Array.Copy(transforms, 16 * bone, _transforms, 16 * local, 16);
                        }

                        _bones[_weightCount] = local;
                        _weights[_weightCount++] = _model.Weights[w];
                    }
                }

                _weightStart[vertices.Length] = _weightCount;
            }
        }
    }
}
