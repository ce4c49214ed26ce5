using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Diff.Workloads
{
    /// <summary>
    /// ADBench's hand model: a skeleton of bones, each with its base relative transform and the inverse of its
    /// base absolute transform (4 × 4, row-major), and a mesh whose vertices are skinned to up to a few bones.
    /// </summary>
    public sealed class HandModel
    {
        private HandModel(string[] boneNames, int[] parents, double[] baseRelatives, double[] inverseBaseAbsolutes,
            double[] positions, int[] weightStart, int[] weightBones, double[] weights, int[] triangles)
        {
            BoneNames = boneNames;
            Parents = parents;
            BaseRelatives = baseRelatives;
            InverseBaseAbsolutes = inverseBaseAbsolutes;
            Positions = positions;
            WeightStart = weightStart;
            WeightBones = weightBones;
            Weights = weights;
            Triangles = triangles;
        }

        /// <summary>Number of bones.</summary>
        public int Bones => BoneNames.Length;

        /// <summary>Number of mesh vertices.</summary>
        public int Vertices => Positions.Length / 3;

        /// <summary>Number of mesh triangles.</summary>
        public int TriangleCount => Triangles.Length / 3;

        /// <summary>Bone names, in file order.</summary>
        public string[] BoneNames { get; }

        /// <summary>Parent of each bone; −1 for the root. A parent always comes before its children.</summary>
        public int[] Parents { get; }

        /// <summary>Base relative transform of each bone: 16 values per bone, row-major.</summary>
        public double[] BaseRelatives { get; }

        /// <summary>Inverse base absolute transform of each bone: 16 values per bone, row-major.</summary>
        public double[] InverseBaseAbsolutes { get; }

        /// <summary>Rest positions of the vertices, 3 per vertex.</summary>
        public double[] Positions { get; }

        /// <summary>
        /// Where each vertex's skinning weights start in <see cref="WeightBones"/> and <see cref="Weights"/>
        /// (one more entry than there are vertices): vertex v uses entries <c>WeightStart[v]</c> to
        /// <c>WeightStart[v + 1] − 1</c>.
        /// </summary>
        public int[] WeightStart { get; }

        /// <summary>The bone of each skinning weight.</summary>
        public int[] WeightBones { get; }

        /// <summary>The skinning weights, w<sub>i,v</sub> for the bones a vertex lists (the others are zero).</summary>
        public double[] Weights { get; }

        /// <summary>Triangles, three vertex indices each.</summary>
        public int[] Triangles { get; }

        /// <summary>
        /// Reads <c>bones.txt</c>, <c>vertices.txt</c> and <c>triangles.txt</c> from <paramref name="folder"/>
        /// (ADBench's colon-separated model files).
        /// </summary>
        /// <param name="folder">The model folder.</param>
        public static HandModel Load(string folder)
        {
            var names = new List<string>();
            var parents = new List<int>();
            var baseRelatives = new List<double>();
            var inverseBaseAbsolutes = new List<double>();
            foreach (string[] fields in Records(Path.Combine(folder, "bones.txt")))
            {
                Expect(fields, 34, "bones.txt", "name:parent:16 values:16 values");
                names.Add(fields[0]);
                int parent = ParseInt(fields[1]);
                if (parent >= names.Count - 1) throw new InvalidDataException($"bones.txt: bone '{fields[0]}' has parent {parent}, which does not come before it.");
                parents.Add(parent);
                for (int k = 0; k < 16; k++)
                {
                    baseRelatives.Add(ParseDouble(fields[2 + k]));
                    inverseBaseAbsolutes.Add(ParseDouble(fields[18 + k]));
                }
            }

            var positions = new List<double>();
            var weightStart = new List<int> { 0 };
            var weightBones = new List<int>();
            var weights = new List<double>();
            foreach (string[] fields in Records(Path.Combine(folder, "vertices.txt")))
            {
                // x:y:z, then five fields the objective does not use (a normal and texture coordinates), then
                // the number of bones and that many bone:weight pairs.
                Expect(fields, 9, "vertices.txt", "x:y:z:5 fields:n:n bone:weight pairs");
                for (int k = 0; k < 3; k++) positions.Add(ParseDouble(fields[k]));
                int n = ParseInt(fields[8]);
                Expect(fields, 9 + 2 * n, "vertices.txt", $"{n} bone:weight pairs");
                for (int k = 0; k < n; k++)
                {
                    int bone = ParseInt(fields[9 + 2 * k]);
                    if (bone < 0 || bone >= names.Count) throw new InvalidDataException($"vertices.txt: vertex {weightStart.Count - 1} names bone {bone}; there are {names.Count}.");
                    weightBones.Add(bone);
                    weights.Add(ParseDouble(fields[10 + 2 * k]));
                }

                weightStart.Add(weightBones.Count);
            }

            var triangles = new List<int>();
            foreach (string[] fields in Records(Path.Combine(folder, "triangles.txt")))
            {
                Expect(fields, 3, "triangles.txt", "a:b:c");
                for (int k = 0; k < 3; k++)
                {
                    int vertex = ParseInt(fields[k]);
                    if (vertex < 0 || vertex >= weightStart.Count - 1) throw new InvalidDataException($"triangles.txt: vertex {vertex} does not exist.");
                    triangles.Add(vertex);
                }
            }

            return new HandModel(names.ToArray(), parents.ToArray(), baseRelatives.ToArray(), inverseBaseAbsolutes.ToArray(),
                positions.ToArray(), weightStart.ToArray(), weightBones.ToArray(), weights.ToArray(), triangles.ToArray());
        }

        private static IEnumerable<string[]> Records(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"Hand model file not found: {path}", path);
            foreach (string line in File.ReadLines(path))
            {
                if (line.Trim().Length > 0) yield return line.Trim().Split(':');
            }
        }

        private static void Expect(string[] fields, int atLeast, string file, string format)
        {
            if (fields.Length < atLeast) throw new InvalidDataException($"{file}: a line has {fields.Length} fields; expected {format}.");
        }

        private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

        private static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One ADBench hand-tracking instance: the model, N correspondences (a vertex for the simple problem, a
    /// triangle for the complicated one), the N measured points, the complicated problem's barycentric
    /// coordinates u, and θ.
    /// </summary>
    public sealed class HandData
    {
        private HandData(HandModel model, int[] correspondences, double[] points, double[]? us, double[] theta)
        {
            Model = model;
            Correspondences = correspondences;
            Points = points;
            Us = us;
            Theta = theta;
        }

        /// <summary>The hand model.</summary>
        public HandModel Model { get; }

        /// <summary>Number of correspondences.</summary>
        public int N => Correspondences.Length;

        /// <summary>
        /// The vertex (simple problem) or triangle (complicated problem) each measured point corresponds to.
        /// </summary>
        public int[] Correspondences { get; }

        /// <summary>The measured points, 3 per correspondence.</summary>
        public double[] Points { get; }

        /// <summary>
        /// The complicated problem's barycentric coordinates (u₁, u₂) of each point in its triangle, 2 per
        /// correspondence; null for the simple problem.
        /// </summary>
        public double[]? Us { get; }

        /// <summary>Whether this is the complicated problem (points on triangles, with <see cref="Us"/>).</summary>
        public bool IsComplicated => Us != null;

        /// <summary>The pose θ: global rotation (angle-axis), global translation, then four angles per finger.</summary>
        public double[] Theta { get; }

        /// <summary>
        /// Reads an ADBench hand file: a header <c>N n_theta</c>, N lines <c>corr x y z</c>, for the complicated
        /// problem N lines <c>u1 u2</c>, then θ. The model is read from <paramref name="modelFolder"/>.
        /// </summary>
        /// <param name="path">The data file.</param>
        /// <param name="modelFolder">The folder with <c>bones.txt</c>, <c>vertices.txt</c> and <c>triangles.txt</c>.</param>
        /// <param name="complicated">Whether the file has the complicated problem's u lines.</param>
        public static HandData Load(string path, string modelFolder, bool complicated)
        {
            HandModel model = HandModel.Load(modelFolder);
            Func<double> next = AdBenchData.Numbers(path);
            int n = (int)next(), nTheta = (int)next();
            var correspondences = new int[n];
            var points = new double[3 * n];
            int limit = complicated ? model.TriangleCount : model.Vertices;
            for (int i = 0; i < n; i++)
            {
                correspondences[i] = (int)next();
                if (correspondences[i] < 0 || correspondences[i] >= limit)
                {
                    throw new InvalidDataException($"{path}: correspondence {i} is {correspondences[i]}; the model has {limit} {(complicated ? "triangles" : "vertices")}.");
                }

                for (int k = 0; k < 3; k++) points[3 * i + k] = next();
            }

            double[]? us = null;
            if (complicated)
            {
                us = new double[2 * n];
                for (int k = 0; k < us.Length; k++) us[k] = next();
            }

            var theta = new double[nTheta];
            for (int k = 0; k < nTheta; k++) theta[k] = next();
            return new HandData(model, correspondences, points, us, theta);
        }
    }
}
