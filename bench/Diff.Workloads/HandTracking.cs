using System;
using System.IO;

namespace Diff.Workloads
{
    /// <summary>
    /// ADBench hand tracking, written with helpers the way a C# programmer would: Euler angles and angle-axis
    /// vectors to rotation matrices, the moving bones of a finger from its four angles, skinning, the global
    /// transform and the residuals. Matrices are 4 × 4 and row-major, as in the model files.
    /// </summary>
    /// <remarks>
    /// The Jacobian is assembled from the generated <c>MJacobian</c> of the residuals as a function of one block of
    /// parameters at a time, the others held fixed (see <see cref="Jacobian"/>).
    /// </remarks>
    public static partial class HandTracking
    {
        /// <summary>Length of θ: global rotation (3), global translation (3), then four angles per finger.</summary>
        public const int ThetaCount = 26;

        /// <summary>Number of fingers.</summary>
        public const int Fingers = 5;

        /// <summary>Bones per finger, from the hand outwards.</summary>
        public const int BonesPerFinger = 4;

        /// <summary>
        /// Bones per finger that move: all but the first, which has no pose parameters. The second takes two angles,
        /// the third and fourth one each.
        /// </summary>
        public const int MovingBonesPerFinger = 3;

        /// <summary>θ values per finger.</summary>
        public const int AnglesPerFinger = 4;

        /// <summary>Where the finger angles start in θ.</summary>
        public const int FirstFingerAngle = 6;

        /// <summary>The first bone of finger <paramref name="finger"/>: the fingers are bones 1 to 20, four each.</summary>
        public static int FirstBoneOf(int finger) => 1 + BonesPerFinger * finger;

        /// <summary>
        /// The finger whose angles move bone <paramref name="bone"/>, or −1 for a bone with no pose parameters (the
        /// wrist, the forearm and the first bone of each finger).
        /// </summary>
        public static int FingerMoving(int bone) =>
            bone >= 1 && bone <= Fingers * BonesPerFinger && (bone - 1) % BonesPerFinger != 0 ? (bone - 1) / BonesPerFinger : -1;

        // ---------------------------------------------------------------------------------------------
        // Helpers.
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
        /// The transforms (absolute · inverse base absolute, 16 values each) of the three moving bones of a finger,
        /// from its four angles: the first takes (t_x, t_z) = (angles[0], angles[1]), the second and third
        /// t_x = angles[2] and angles[3]. Each bone's relative transform is its base relative transform times its
        /// rotation, and its absolute transform is its parent's times that.
        /// </summary>
        /// <param name="angles">The finger's four θ values.</param>
        /// <param name="parentAbsolute">The absolute transform of the finger's first bone, which does not move.</param>
        /// <param name="baseRelatives">The three bones' base relative transforms.</param>
        /// <param name="inverseBaseAbsolutes">The three bones' inverse base absolute transforms.</param>
        /// <param name="transforms">The three bones' transforms, 48 values.</param>
        [Differentiable]
        public static void FingerTransforms(ReadOnlySpan<double> angles, [NoDiff] ReadOnlySpan<double> parentAbsolute,
            [NoDiff] ReadOnlySpan<double> baseRelatives, [NoDiff] ReadOnlySpan<double> inverseBaseAbsolutes, Span<double> transforms)
        {
            // (t_x, t_z, t_y) of each bone: ADBench's pose-parameter columns for one finger.
            double[] pose = { angles[0], angles[1], 0, angles[2], 0, 0, angles[3], 0, 0 };
            double[] absolute = new double[16];
            for (int e = 0; e < 16; e++)
            {
                absolute[e] = parentAbsolute[e];
            }

            double[] rotation = new double[16];
            double[] relative = new double[16];
            double[] next = new double[16];
            for (int k = 0; k < MovingBonesPerFinger; k++)
            {
                EulerAnglesToRotationMatrix(pose[3 * k], pose[3 * k + 1], pose[3 * k + 2], rotation);
                Multiply(baseRelatives, 16 * k, rotation, 0, relative, 0);
                Multiply(absolute, 0, relative, 0, next, 0);
                Multiply(next, 0, inverseBaseAbsolutes, 16 * k, transforms, 16 * k);
                for (int e = 0; e < 16; e++)
                {
                    absolute[e] = next[e];
                }
            }
        }

        /// <summary>
        /// Skins vertex <paramref name="vertex"/>: z = Σ w·(T·[x; 1])₁..₃ over the bones it is weighted to. Writes z to
        /// <paramref name="skinned"/> from <paramref name="at"/>.
        /// </summary>
        /// <param name="transforms">Every bone's transform, 16 values each.</param>
        /// <param name="model">The hand model.</param>
        /// <param name="vertex">The vertex.</param>
        /// <param name="skinned">Where to write the skinned vertex.</param>
        /// <param name="at">Where its 3 values start.</param>
        [Differentiable]
        public static void SkinVertex(ReadOnlySpan<double> transforms, [NoDiff] HandModel model, int vertex, Span<double> skinned, int at)
        {
            double x = model.Positions[3 * vertex], y = model.Positions[3 * vertex + 1], z = model.Positions[3 * vertex + 2];
            double sx = 0, sy = 0, sz = 0;
            for (int k = model.WeightStart[vertex]; k < model.WeightStart[vertex + 1]; k++)
            {
                int t = 16 * model.WeightBones[k];
                double w = model.Weights[k];
                sx += w * (transforms[t] * x + transforms[t + 1] * y + transforms[t + 2] * z + transforms[t + 3]);
                sy += w * (transforms[t + 4] * x + transforms[t + 5] * y + transforms[t + 6] * z + transforms[t + 7]);
                sz += w * (transforms[t + 8] * x + transforms[t + 9] * y + transforms[t + 10] * z + transforms[t + 11]);
            }

            skinned[at] = sx;
            skinned[at + 1] = sy;
            skinned[at + 2] = sz;
        }

        /// <summary>
        /// The global transform y = R·z + t (R 3 × 3 row-major) of the point z at <paramref name="from"/> in
        /// <paramref name="skinned"/>, written to <paramref name="placed"/> from <paramref name="at"/>.
        /// </summary>
        [Differentiable]
        public static void GlobalTransform(ReadOnlySpan<double> rotation, ReadOnlySpan<double> translation, ReadOnlySpan<double> skinned, int from,
            Span<double> placed, int at)
        {
            for (int row = 0; row < 3; row++)
            {
                placed[at + row] = rotation[3 * row] * skinned[from] + rotation[3 * row + 1] * skinned[from + 1] + rotation[3 * row + 2] * skinned[from + 2]
                    + translation[row];
            }
        }

        /// <summary>The point u₁·a + u₂·b + (1 − u₁ − u₂)·c of a triangle, one coordinate.</summary>
        [Differentiable]
        public static double Interpolate(double u1, double u2, double a, double b, double c) => u1 * a + u2 * b + (1 - u1 - u2) * c;

        /// <summary>How many vertices an observation reads: its vertex (simple problem) or its triangle's three (complicated problem).</summary>
        public static int VerticesPerObservation(HandData data) => data.IsComplicated ? 3 : 1;

        /// <summary>Vertex <paramref name="n"/> of observation <paramref name="j"/> (0 for the simple problem, 0 to 2 for the complicated one).</summary>
        public static int VertexOf(HandData data, int j, int n) =>
            data.IsComplicated ? data.Model.Triangles[3 * data.Correspondences[j] + n] : data.Correspondences[j];

        /// <summary>
        /// Skins the vertices of the listed observations, 3 values per vertex, observation by observation.
        /// </summary>
        /// <param name="transforms">Every bone's transform, 16 values each.</param>
        /// <param name="data">The instance.</param>
        /// <param name="observations">The observations, by number.</param>
        /// <param name="skinned">Their skinned vertices: 3 (simple) or 9 (complicated) values per observation.</param>
        [Differentiable]
        public static void SkinObservations(ReadOnlySpan<double> transforms, [NoDiff] HandData data, ReadOnlySpan<int> observations, Span<double> skinned)
        {
            HandModel model = data.Model;
            int perObservation = VerticesPerObservation(data);
            for (int i = 0; i < observations.Length; i++)
            {
                for (int n = 0; n < perObservation; n++)
                {
                    int vertex = VertexOf(data, observations[i], n);
                    SkinVertex(transforms, model, vertex, skinned, 3 * (perObservation * i + n));
                }
            }
        }

        /// <summary>
        /// <see cref="SkinObservations"/> with the transforms of a finger's moving bones in <paramref name="moved"/> (from
        /// value <paramref name="first"/> of the bone transforms on) and every other bone's in <paramref name="transforms"/>,
        /// held fixed: a finger's block of the Jacobian neither copies the other bones' transforms nor carries their
        /// (zero) tangents.
        /// </summary>
        /// <param name="moved">The moving bones' transforms, 16 values each.</param>
        /// <param name="first">Where they start among every bone's transforms.</param>
        /// <param name="transforms">Every bone's transform; those of the moving bones are not read.</param>
        /// <param name="data">The instance.</param>
        /// <param name="observations">The observations, by number.</param>
        /// <param name="skinned">Their skinned vertices, laid out as <see cref="SkinObservations"/> lays them out.</param>
        [Differentiable]
        public static void SkinMovedObservations(ReadOnlySpan<double> moved, int first, [NoDiff] ReadOnlySpan<double> transforms, [NoDiff] HandData data,
            ReadOnlySpan<int> observations, Span<double> skinned)
        {
            HandModel model = data.Model;
            int perObservation = VerticesPerObservation(data);
            for (int i = 0; i < observations.Length; i++)
            {
                for (int n = 0; n < perObservation; n++)
                {
                    int vertex = VertexOf(data, observations[i], n);
                    SkinMovedVertex(moved, first, transforms, model, vertex, skinned, 3 * (perObservation * i + n));
                }
            }
        }

        /// <summary>
        /// <see cref="SkinVertex"/>, with the moving bones' transforms from <paramref name="moved"/> (see
        /// <see cref="SkinMovedObservations"/>). The arithmetic is <see cref="SkinVertex"/>'s, written again rather than
        /// shared: there every bone's transform is differentiable, here only the moving bones' are.
        /// </summary>
        /// <param name="moved">The moving bones' transforms, 16 values each.</param>
        /// <param name="first">Where they start among every bone's transforms.</param>
        /// <param name="transforms">Every bone's transform; those of the moving bones are not read.</param>
        /// <param name="model">The hand model.</param>
        /// <param name="vertex">The vertex.</param>
        /// <param name="skinned">Where to write the skinned vertex.</param>
        /// <param name="at">Where its 3 values start.</param>
        [Differentiable]
        public static void SkinMovedVertex(ReadOnlySpan<double> moved, int first, [NoDiff] ReadOnlySpan<double> transforms, [NoDiff] HandModel model, int vertex,
            Span<double> skinned, int at)
        {
            double x = model.Positions[3 * vertex], y = model.Positions[3 * vertex + 1], z = model.Positions[3 * vertex + 2];
            double sx = 0, sy = 0, sz = 0;
            for (int k = model.WeightStart[vertex]; k < model.WeightStart[vertex + 1]; k++)
            {
                int t = 16 * model.WeightBones[k];
                double w = model.Weights[k];
                if (t >= first && t < first + moved.Length)
                {
                    int m = t - first;
                    sx += w * (moved[m] * x + moved[m + 1] * y + moved[m + 2] * z + moved[m + 3]);
                    sy += w * (moved[m + 4] * x + moved[m + 5] * y + moved[m + 6] * z + moved[m + 7]);
                    sz += w * (moved[m + 8] * x + moved[m + 9] * y + moved[m + 10] * z + moved[m + 11]);
                }
                else
                {
                    sx += w * (transforms[t] * x + transforms[t + 1] * y + transforms[t + 2] * z + transforms[t + 3]);
                    sy += w * (transforms[t + 4] * x + transforms[t + 5] * y + transforms[t + 6] * z + transforms[t + 7]);
                    sz += w * (transforms[t + 8] * x + transforms[t + 9] * y + transforms[t + 10] * z + transforms[t + 11]);
                }
            }

            skinned[at] = sx;
            skinned[at + 1] = sy;
            skinned[at + 2] = sz;
        }

        /// <summary>
        /// The residuals of the listed observations from their skinned vertices (as <see cref="SkinObservations"/>
        /// lays them out): point − y for the simple problem, point − (u₁·y_a + u₂·y_b + (1 − u₁ − u₂)·y_c) for the
        /// complicated one, with y = R·z + t.
        /// </summary>
        /// <param name="rotation">The global rotation matrix, 3 × 3 row-major.</param>
        /// <param name="translation">The global translation.</param>
        /// <param name="skinned">The observations' skinned vertices.</param>
        /// <param name="data">The instance.</param>
        /// <param name="observations">The observations, by number.</param>
        /// <param name="residuals">Their residuals, 3 each.</param>
        [Differentiable]
        public static void ResidualsOfSkinned(ReadOnlySpan<double> rotation, ReadOnlySpan<double> translation, ReadOnlySpan<double> skinned,
            [NoDiff] HandData data, ReadOnlySpan<int> observations, Span<double> residuals)
        {
            int perObservation = VerticesPerObservation(data);
            double[] y = new double[9];
            for (int i = 0; i < observations.Length; i++)
            {
                int j = observations[i];

                // y = R·z + t written out rather than through GlobalTransform: this loop runs in each tangent run of
                // the global pose's Jacobian block, where a call per vertex costs more than its arithmetic.
                for (int n = 0; n < perObservation; n++)
                {
                    int from = 3 * (perObservation * i + n);
                    for (int row = 0; row < 3; row++)
                    {
                        y[3 * n + row] = rotation[3 * row] * skinned[from] + rotation[3 * row + 1] * skinned[from + 1] + rotation[3 * row + 2] * skinned[from + 2]
                            + translation[row];
                    }
                }

                for (int row = 0; row < 3; row++)
                {
                    residuals[3 * i + row] = data.IsComplicated
                        ? data.Points[3 * j + row] - Interpolate(data.Us![2 * j], data.Us[2 * j + 1], y[row], y[3 + row], y[6 + row])
                        : data.Points[3 * j + row] - y[row];
                }
            }
        }

        // ---------------------------------------------------------------------------------------------
        // The blocks of the Jacobian: the residuals as functions of one block of parameters, the rest held fixed.
        // ---------------------------------------------------------------------------------------------

        /// <summary>
        /// The residuals of the listed observations as a function of the global pose θ₀..₅ (rotation as an
        /// angle-axis vector, then translation), their skinned vertices held fixed.
        /// </summary>
        [Differentiable]
        public static void GlobalPoseResiduals(ReadOnlySpan<double> globalPose, [NoDiff] ReadOnlySpan<double> skinned, [NoDiff] HandData data,
            ReadOnlySpan<int> observations, Span<double> residuals)
        {
            double[] angleAxis = { globalPose[0], globalPose[1], globalPose[2] };
            double[] translation = { globalPose[3], globalPose[4], globalPose[5] };
            double[] rotation = new double[9];
            AngleAxisToRotationMatrix(angleAxis, rotation);
            ResidualsOfSkinned(rotation, translation, skinned, data, observations, residuals);
        }

        /// <summary>
        /// The residuals of the listed observations as a function of the four angles of finger
        /// <paramref name="finger"/>, the global pose and the other bones held fixed.
        /// </summary>
        /// <param name="angles">The finger's four θ values.</param>
        /// <param name="finger">The finger.</param>
        /// <param name="transforms">Every bone's transform; those of the finger's moving bones are replaced.</param>
        /// <param name="parentAbsolute">The absolute transform of the finger's first bone.</param>
        /// <param name="rotation">The global rotation matrix.</param>
        /// <param name="translation">The global translation.</param>
        /// <param name="data">The instance.</param>
        /// <param name="observations">The observations, by number.</param>
        /// <param name="residuals">Their residuals, 3 each.</param>
        [Differentiable]
        public static void FingerResiduals(ReadOnlySpan<double> angles, int finger, [NoDiff] ReadOnlySpan<double> transforms,
            [NoDiff] ReadOnlySpan<double> parentAbsolute, [NoDiff] ReadOnlySpan<double> rotation, [NoDiff] ReadOnlySpan<double> translation,
            [NoDiff] HandData data, ReadOnlySpan<int> observations, Span<double> residuals)
        {
            HandModel model = data.Model;
            int first = 16 * (FirstBoneOf(finger) + 1);
            double[] moved = new double[16 * MovingBonesPerFinger];
            FingerTransforms(angles, parentAbsolute, model.BaseRelatives.AsSpan(first, moved.Length), model.InverseBaseAbsolutes.AsSpan(first, moved.Length), moved);
            double[] skinned = new double[3 * VerticesPerObservation(data) * observations.Length];
            SkinMovedObservations(moved, first, transforms, data, observations, skinned);
            ResidualsOfSkinned(rotation, translation, skinned, data, observations, residuals);
        }

        /// <summary>
        /// Every complicated observation's residual as a function of all the barycentric coordinates (u_j1, u_j2 for
        /// observation j), the posed vertices of each one's triangle (<paramref name="placed"/>: y_a, y_b, y_c, 9 per
        /// observation) held fixed.
        /// </summary>
        [Differentiable]
        public static void TriangleResiduals(ReadOnlySpan<double> us, [NoDiff] ReadOnlySpan<double> placed, [NoDiff] ReadOnlySpan<double> points, Span<double> residuals)
        {
            for (int j = 0; j < residuals.Length / 3; j++)
            {
                for (int row = 0; row < 3; row++)
                {
                    residuals[3 * j + row] = points[3 * j + row] - Interpolate(us[2 * j], us[2 * j + 1], placed[9 * j + row], placed[9 * j + 3 + row], placed[9 * j + 6 + row]);
                }
            }
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
                int parent = model.Parents[bone];
                bool inFinger = bone >= 1 && bone <= Fingers * BonesPerFinger;
                bool chained = inFinger && (bone - 1) % BonesPerFinger != 0;
                if (chained ? parent != bone - 1 : parent >= 1 && parent <= Fingers * BonesPerFinger)
                {
                    throw new InvalidDataException($"Bone {bone} ('{model.BoneNames[bone]}') has parent {parent}; the pose layout needs five chains of four bones (1 to 20) hanging from bones outside them.");
                }
            }
        }

        /// <summary>
        /// Every bone's transform (16 values each) for <paramref name="theta"/>. The bones without pose parameters
        /// (the wrist, the forearm and the first bone of each finger) have the identity rotation, so their transforms
        /// do not depend on θ; their absolute transforms, which the moving bones hang from, are written to
        /// <paramref name="fixedAbsolutes"/>.
        /// </summary>
        /// <param name="model">The hand model.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="transforms">The transforms, 16 values per bone.</param>
        /// <param name="fixedAbsolutes">16 values per bone; those of the bones without pose parameters are written.</param>
        public static void BoneTransforms(HandModel model, ReadOnlySpan<double> theta, Span<double> transforms, Span<double> fixedAbsolutes)
        {
            CheckSkeleton(model);
            CheckLength(theta.Length, ThetaCount, nameof(theta));
            CheckLength(transforms.Length, 16 * model.Bones, nameof(transforms));
            CheckLength(fixedAbsolutes.Length, 16 * model.Bones, nameof(fixedAbsolutes));
            for (int bone = 0; bone < model.Bones; bone++)
            {
                if (FingerMoving(bone) >= 0) continue;
                Span<double> absolute = fixedAbsolutes.Slice(16 * bone, 16);
                int parent = model.Parents[bone];
                if (parent < 0)
                {
                    model.BaseRelatives.AsSpan(16 * bone, 16).CopyTo(absolute);
                }
                else
                {
                    Multiply(fixedAbsolutes, 16 * parent, model.BaseRelatives, 16 * bone, absolute, 0);
                }

                Multiply(absolute, 0, model.InverseBaseAbsolutes, 16 * bone, transforms, 16 * bone);
            }

            for (int finger = 0; finger < Fingers; finger++)
            {
                int first = 16 * (FirstBoneOf(finger) + 1);
                int length = 16 * MovingBonesPerFinger;
                FingerTransforms(theta.Slice(FirstFingerAngle + AnglesPerFinger * finger, AnglesPerFinger), fixedAbsolutes.Slice(16 * FirstBoneOf(finger), 16),
                    model.BaseRelatives.AsSpan(first, length), model.InverseBaseAbsolutes.AsSpan(first, length), transforms.Slice(first, length));
            }
        }

        /// <summary>
        /// The objective, 3N residuals: e_j = point_j − y_corr_j for the simple problem, and
        /// e_j = point_j − (u_j1·y_a + u_j2·y_b + (1 − u_j1 − u_j2)·y_c), with (a, b, c) the triangle of
        /// correspondence j, for the complicated one. Like ADBench's, it poses every vertex of the mesh (skinning,
        /// then the global transform), then reads the ones the correspondences name.
        /// </summary>
        /// <param name="data">The instance; the complicated problem's u are <see cref="HandData.Us"/>.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        public static void Objective(HandData data, ReadOnlySpan<double> theta, Span<double> residuals)
        {
            CheckLength(residuals.Length, 3 * data.N, nameof(residuals));
            HandModel model = data.Model;
            var transforms = new double[16 * model.Bones];
            BoneTransforms(model, theta, transforms, new double[16 * model.Bones]);
            var skinned = new double[3 * model.Vertices];
            for (int v = 0; v < model.Vertices; v++)
            {
                SkinVertex(transforms, model, v, skinned, 3 * v);
            }

            Span<double> rotation = stackalloc double[9];
            AngleAxisToRotationMatrix(theta.Slice(0, 3), rotation);
            var placed = new double[3 * model.Vertices];
            for (int v = 0; v < model.Vertices; v++)
            {
                GlobalTransform(rotation, theta.Slice(3, 3), skinned, 3 * v, placed, 3 * v);
            }

            for (int j = 0; j < data.N; j++)
            {
                for (int row = 0; row < 3; row++)
                {
                    residuals[3 * j + row] = data.IsComplicated
                        ? data.Points[3 * j + row] - Interpolate(data.Us![2 * j], data.Us[2 * j + 1], placed[3 * VertexOf(data, j, 0) + row],
                            placed[3 * VertexOf(data, j, 1) + row], placed[3 * VertexOf(data, j, 2) + row])
                        : data.Points[3 * j + row] - placed[3 * VertexOf(data, j, 0) + row];
                }
            }
        }

        /// <summary>
        /// The residuals as <see cref="Objective"/> gives them, posing only the vertices the correspondences name,
        /// not the whole mesh.
        /// </summary>
        /// <param name="data">The instance.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        public static void Residuals(HandData data, ReadOnlySpan<double> theta, Span<double> residuals)
        {
            CheckLength(residuals.Length, 3 * data.N, nameof(residuals));
            HandModel model = data.Model;
            var transforms = new double[16 * model.Bones];
            BoneTransforms(model, theta, transforms, new double[16 * model.Bones]);
            int[] all = AllObservations(data);
            var skinned = new double[3 * VerticesPerObservation(data) * data.N];
            SkinObservations(transforms, data, all, skinned);
            Span<double> rotation = stackalloc double[9];
            AngleAxisToRotationMatrix(theta.Slice(0, 3), rotation);
            ResidualsOfSkinned(rotation, theta.Slice(3, 3), skinned, data, all, residuals);
        }

        // ---------------------------------------------------------------------------------------------
        // The Jacobian.
        // ---------------------------------------------------------------------------------------------

        /// <summary>
        /// The Jacobian in ADBench's layout, column-major, and the residuals. The simple problem's is 3N × 26 (∂e/∂θ).
        /// The complicated problem's is 3N × 28: its first two columns hold ∂e_j/∂u_j1 and ∂e_j/∂u_j2 in rows
        /// 3j..3j+2 (each residual depends on its own u only), the other 26 ∂e/∂θ.
        /// </summary>
        /// <remarks>
        /// Each block of columns is the generated <c>MJacobian</c> of the residuals as a function of those parameters
        /// alone, the others held fixed; all run in vector forward mode, a block's columns in one run:
        /// <list type="bullet">
        /// <item>θ₀..₅: <c>GlobalPoseResidualsJacobian</c>, every observation, the skinned vertices held fixed
        /// (6 columns through the global transform only).</item>
        /// <item>each finger's four angles: <c>FingerResidualsJacobian</c>, only the observations whose vertices are
        /// weighted to one of the finger's moving bones (the other rows are zero; 4 columns through its three
        /// moving bones and those observations, skinned by <see cref="SkinMovedObservations"/>).</item>
        /// <item>u (complicated problem): two <c>TriangleResidualsTangent</c> runs over every observation. Observation j's
        /// residual depends on its own u_j alone, so the u block is block diagonal and its columns compress into two
        /// (the tangent of every u_j1 seeded at once, then of every u_j2): the colouring that sparse Jacobians are
        /// computed with.</item>
        /// </list>
        /// One <c>MJacobian</c> of all residuals by all of θ would be shorter, but each of its four runs would
        /// go through every bone and every observation, while a finger's angles move only its three bones and the
        /// observations skinned to them, and the global pose does not change the skinned vertices. An
        /// <c>MJacobian</c> per observation instead (by the rotation matrix, the translation and the transforms of
        /// its bones: three pullbacks), joined by the chain rule to per-finger Jacobians of the bone transforms,
        /// measured slower on the benchmark instances, about 1.3× this time for the simple problem and 1.25× for the
        /// complicated one: each call has a fixed cost (its buffers, a tape per pullback) that the 100 observations
        /// multiply.
        /// </remarks>
        /// <param name="data">The instance; the complicated problem's u are <see cref="HandData.Us"/>.</param>
        /// <param name="theta">The pose, 26 values.</param>
        /// <param name="residuals">The residuals, 3N values.</param>
        /// <param name="jacobian">The Jacobian, 3N · 26 (simple) or 3N · 28 (complicated) values, column-major.</param>
        public static void Jacobian(HandData data, ReadOnlySpan<double> theta, Span<double> residuals, Span<double> jacobian)
        {
            HandModel model = data.Model;
            int rows = 3 * data.N;
            int lead = data.IsComplicated ? 2 : 0;
            CheckLength(residuals.Length, rows, nameof(residuals));
            CheckLength(jacobian.Length, rows * (lead + ThetaCount), nameof(jacobian));
            var transforms = new double[16 * model.Bones];
            var fixedAbsolutes = new double[16 * model.Bones];
            BoneTransforms(model, theta, transforms, fixedAbsolutes);
            int[] all = AllObservations(data);
            var skinned = new double[3 * VerticesPerObservation(data) * data.N];
            SkinObservations(transforms, data, all, skinned);
            jacobian.Clear();

            // θ₀..₅, every row; this run also writes the residuals.
            var block = new double[rows * FirstFingerAngle];
            GlobalPoseResidualsJacobian(theta.Slice(0, FirstFingerAngle), skinned, data, all, residuals, block);
            Scatter(block, FirstFingerAngle, default, jacobian, rows, lead);

            // Each finger's angles, the rows of the observations it moves.
            var rotation = new double[9];
            AngleAxisToRotationMatrix(theta.Slice(0, 3), rotation);
            var moved = new int[data.N];
            var movedResiduals = new double[rows];
            for (int finger = 0; finger < Fingers; finger++)
            {
                int count = ObservationsMovedBy(data, finger, moved);
                if (count == 0) continue;
                Span<double> fingerBlock = block.AsSpan(0, 3 * count * AnglesPerFinger);
                FingerResidualsJacobian(theta.Slice(FirstFingerAngle + AnglesPerFinger * finger, AnglesPerFinger), finger, transforms,
                    fixedAbsolutes.AsSpan(16 * FirstBoneOf(finger), 16), rotation, theta.Slice(3, 3), data, moved.AsSpan(0, count),
                    movedResiduals.AsSpan(0, 3 * count), fingerBlock);
                Scatter(fingerBlock, AnglesPerFinger, moved.AsSpan(0, count), jacobian, rows, lead + FirstFingerAngle + AnglesPerFinger * finger);
            }

            // u: the block diagonal compressed into two columns, each one tangent run over every observation.
            if (data.IsComplicated)
            {
                var placed = new double[9 * data.N];
                for (int j = 0; j < data.N; j++)
                {
                    for (int n = 0; n < 3; n++)
                    {
                        GlobalTransform(rotation, theta.Slice(3, 3), skinned, 9 * j + 3 * n, placed, 9 * j + 3 * n);
                    }
                }

                var seeds = new double[2 * data.N];
                var uResiduals = new double[rows];
                var uTangents = new double[rows];
                for (int column = 0; column < 2; column++)
                {
                    for (int j = 0; j < data.N; j++)
                    {
                        seeds[2 * j + column] = 1;
                        seeds[2 * j + 1 - column] = 0;
                    }

                    TriangleResidualsTangent(data.Us, placed, data.Points, uResiduals, seeds, uTangents);
                    uTangents.CopyTo(jacobian.Slice(column * rows, rows));
                }
            }
        }

        private static int[] AllObservations(HandData data)
        {
            var all = new int[data.N];
            for (int j = 0; j < all.Length; j++)
            {
                all[j] = j;
            }

            return all;
        }

        /// <summary>The observations whose vertices are weighted to a moving bone of <paramref name="finger"/>, in order.</summary>
        private static int ObservationsMovedBy(HandData data, int finger, int[] moved)
        {
            HandModel model = data.Model;
            int count = 0;
            for (int j = 0; j < data.N; j++)
            {
                bool moves = false;
                for (int n = 0; n < VerticesPerObservation(data); n++)
                {
                    int v = VertexOf(data, j, n);
                    for (int k = model.WeightStart[v]; k < model.WeightStart[v + 1]; k++)
                    {
                        moves |= FingerMoving(model.WeightBones[k]) == finger;
                    }
                }

                if (moves) moved[count++] = j;
            }

            return count;
        }

        /// <summary>
        /// Copies a row-major block (3 rows per observation, <paramref name="columns"/> columns) into the
        /// column-major Jacobian from column <paramref name="column0"/>: observation i of the block is
        /// <paramref name="observations"/>[i], or i itself when that is empty.
        /// </summary>
        private static void Scatter(ReadOnlySpan<double> block, int columns, ReadOnlySpan<int> observations, Span<double> jacobian, int rows, int column0)
        {
            int blockRows = block.Length / columns;
            for (int r = 0; r < blockRows; r++)
            {
                int row = observations.IsEmpty ? r : 3 * observations[r / 3] + r % 3;
                for (int c = 0; c < columns; c++)
                {
                    jacobian[row + rows * (column0 + c)] = block[columns * r + c];
                }
            }
        }

        private static void CheckLength(int length, int expected, string name)
        {
            if (length != expected) throw new ArgumentException($"{name} has {length} values; expected {expected}.", name);
        }
    }
}
