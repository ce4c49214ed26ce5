using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Diff.Checkpoints;
using Diff.NN;
using Diff.Runtime.Tests.NN;

namespace Diff.Runtime.Tests.Checkpoints
{
    public sealed class SafeTensorsTests : IDisposable
    {
        // A Linear(2, 3) has "weight" [3, 2] (24 bytes) and "bias" [3] (12 bytes).
        private const string ValidHeader =
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]},"
            + "\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";

        private readonly string _directory;

        public SafeTensorsTests()
        {
            _directory = Path.Combine(Path.GetTempPath(), "safetensors-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        [Fact]
        public void SaveThenLoadRestoresEveryParameter()
        {
            Sequential source = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
            Sequential target = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
            string path = Path.Combine(_directory, "model.safetensors");

            source.Save(path);
            target.Load(path);

            foreach (((string name, Parameter expected), (string _, Parameter actual)) in source.NamedParameters().Zip(target.NamedParameters()))
            {
                Assert.True(expected.Value.ToArray().SequenceEqual(actual.Value.ToArray()), name);
            }

            Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
        }

        [Fact]
        public void WrittenFilesFollowTheFormat()
        {
            Tensor matrix = TestTensors.Matrix(2, 2, 1, 2, 3, 4);
            Tensor scalar = Tensor.Scalar(-1.5f);
            MemoryStream stream = new MemoryStream();

            SafeTensors.Write(stream, new[] { ("m", matrix), ("s", scalar) }, new Dictionary<string, string> { ["format"] = "pt" });

            byte[] bytes = stream.ToArray();
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0UL, headerLength % 8);
            Assert.Equal(8 + (long)headerLength + 5 * 4, bytes.Length);
            string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
            // Padded with spaces after the JSON, like the reference implementation.
            Assert.True(header.Substring(header.LastIndexOf('}') + 1).All(c => c == ' '));
            using JsonDocument json = JsonDocument.Parse(header);
            JsonElement m = json.RootElement.GetProperty("m");
            Assert.Equal("F32", m.GetProperty("dtype").GetString());
            Assert.Equal(new[] { 2, 2 }, m.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(new[] { 0L, 16L }, m.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(new[] { 16L, 20L }, json.RootElement.GetProperty("s").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal("pt", json.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
            Assert.Equal(3f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)headerLength + 8)));
        }

        [Fact]
        public void ReadReturnsTensorsAndMetadata()
        {
            MemoryStream stream = new MemoryStream();
            SafeTensors.Write(
                stream,
                new[] { ("a.weight", TestTensors.Vector(1, 2, 3)), ("s", Tensor.Scalar(7f)) },
                new Dictionary<string, string> { ["note"] = "hi" });
            stream.Position = 0;

            IReadOnlyList<(string Name, Tensor Tensor)> tensors = SafeTensors.Read(stream, out IReadOnlyDictionary<string, string> metadata);

            Assert.Equal(new[] { "a.weight", "s" }, tensors.Select(t => t.Name));
            Assert.Equal(new[] { 1f, 2f, 3f }, tensors[0].Tensor.ToArray());
            Assert.Equal(new[] { 3 }, TestTensors.ShapeOf(tensors[0].Tensor));
            Assert.Empty(TestTensors.ShapeOf(tensors[1].Tensor));
            Assert.Equal(7f, tensors[1].Tensor.Item());
            Assert.Equal("hi", metadata["note"]);
        }

        [Fact]
        public void LoadAcceptsTensorsInAnyOrder()
        {
            // The bias's data comes first and its header entry last, unlike what Save writes.
            string header =
                "{\"weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[12,36]},"
                + "\"__metadata__\":{\"format\":\"pt\"},"
                + "\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
            float[] data = { 10, 20, 30, 1, 2, 3, 4, 5, 6 };
            Linear model = new Linear(2, 3);

            model.Load(WriteFile(File(header, data)));

            Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, model.Weight.Value.ToArray());
            Assert.Equal(new[] { 10f, 20f, 30f }, model.Bias!.Value.ToArray());
        }

        /// <summary>
        /// Tensors saved in half, bfloat16 and double precision are read into float32 exactly as PyTorch's
        /// <c>.float()</c> converts them. The bytes and the expected bits are PyTorch 1.13's, for 0.1, −2.25, 65504, 2⁻²⁴,
        /// 1e−8, π, −0, ∞, 1e300 and 123456.789 converted from float64 to each dtype.
        /// </summary>
        [Fact]
        public void HalfBfloat16AndDoubleTensorsAreReadAsPyTorchConvertsThemToFloat()
        {
            byte[] half = System.Convert.FromHexString("662e80c0ff7b0100000048420080007c007c007c");
            byte[] bfloat16 = System.Convert.FromHexString("cd3d10c0804780332c3249400080807f807ff147");
            byte[] dbl = System.Convert.FromHexString(
                "9a9999999999b93f00000000000002c00000000000fcef40000000000000703e3a8c30e28e79453e112d4454fb2109400000000000000080000000000000f07f9c7500883ce4377ec976be9f0c24fe40");
            uint[] halfBits = { 0x3DCCC000, 0xC0100000, 0x477FE000, 0x33800000, 0x00000000, 0x40490000, 0x80000000, 0x7F800000, 0x7F800000, 0x7F800000 };
            uint[] bfloat16Bits = { 0x3DCD0000, 0xC0100000, 0x47800000, 0x33800000, 0x322C0000, 0x40490000, 0x80000000, 0x7F800000, 0x7F800000, 0x47F10000 };
            uint[] doubleBits = { 0x3DCCCCCD, 0xC0100000, 0x477FE000, 0x33800000, 0x322BCC77, 0x40490FDB, 0x80000000, 0x7F800000, 0x7F800000, 0x47F12065 };
            string header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[10],\"data_offsets\":[0,20]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,5],\"data_offsets\":[20,40]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[10],\"data_offsets\":[40,120]}}";

            IReadOnlyList<(string Name, Tensor Tensor)> tensors = SafeTensors.Read(new MemoryStream(RawFile(header, half, bfloat16, dbl)));

            Assert.Equal(new[] { "h", "b", "d" }, tensors.Select(t => t.Name));
            Assert.Equal(new[] { 2, 5 }, tensors[1].Tensor.Shape.ToArray());
            Assert.Equal(halfBits, Bits(tensors[0].Tensor));
            Assert.Equal(bfloat16Bits, Bits(tensors[1].Tensor));
            Assert.Equal(doubleBits, Bits(tensors[2].Tensor));
        }

        /// <summary>A model saved in half precision loads into a float model, as <c>load_state_dict</c> copies it.</summary>
        [Fact]
        public void AHalfPrecisionCheckpointLoadsIntoAFloatModel()
        {
            // weight [3, 2] = 1 … 6 in F16, bias [3] = 0.5, −1, 2 in BF16.
            byte[] weight = System.Convert.FromHexString("003c00400042004400450046");
            byte[] bias = System.Convert.FromHexString("003f80bf0040");
            string header = "{\"weight\":{\"dtype\":\"F16\",\"shape\":[3,2],\"data_offsets\":[0,12]},"
                + "\"bias\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[12,18]}}";
            Linear model = new Linear(2, 3);

            model.Load(WriteFile(RawFile(header, weight, bias)));

            Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, model.Weight.Value.ToArray());
            Assert.Equal(new[] { 0.5f, -1f, 2f }, model.Bias!.Value.ToArray());
        }

        private static uint[] Bits(Tensor tensor) => tensor.ToArray().Select(v => System.BitConverter.SingleToUInt32Bits(v)).ToArray();

        private static byte[] RawFile(string header, params byte[][] data)
        {
            byte[] headerBytes = Encoding.UTF8.GetBytes(header);
            var file = new List<byte>(new byte[8]);
            BinaryPrimitives.WriteUInt64LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(file), (ulong)headerBytes.Length);
            file.AddRange(headerBytes);
            foreach (byte[] part in data)
            {
                file.AddRange(part);
            }

            return file.ToArray();
        }

        public static IEnumerable<object[]> MalformedFiles()
        {
            float[] data = Enumerable.Range(1, 9).Select(i => (float)i).ToArray();
            yield return Case("truncated: 5 bytes", new byte[5]);
            yield return Case("larger than the", File(ValidHeader, data, declaredLength: 10_000));
            yield return Case("not valid JSON", File("{\"weight\": {", data));
            yield return Case("must be a JSON object", File("[1, 2]", data));
            yield return Case("'weight' has dtype I32; only F32, F64, F16, BF16 and I64", File(ValidHeader.Replace("\"dtype\":\"F32\",\"shape\":[3,2]", "\"dtype\":\"I32\",\"shape\":[3,2]"), data));
            yield return Case("'weight' has data_offsets [0, 24] (24 bytes), but its shape [3, 2] of F16 needs 12 bytes",
                File(ValidHeader.Replace("\"dtype\":\"F32\",\"shape\":[3,2]", "\"dtype\":\"F16\",\"shape\":[3,2]"), data));
            yield return Case("'bias' has the unknown dtype 'Q7'", File(ValidHeader.Replace("\"dtype\":\"F32\",\"shape\":[3]", "\"dtype\":\"Q7\",\"shape\":[3]"), data));
            yield return Case("'bias' has data_offsets [24, 40] beyond the 36 bytes", File(ValidHeader.Replace("[3],\"data_offsets\":[24,36]", "[4],\"data_offsets\":[24,40]"), data));
            yield return Case("'bias' has data_offsets [20, 32] that overlap those of tensor 'weight'",
                File(ValidHeader.Replace("[24,36]", "[20,32]"), data));
            yield return Case("'bias' has data_offsets [24, 32] (8 bytes), but its shape [3] of F32 needs 12 bytes",
                File(ValidHeader.Replace("[24,36]", "[24,32]"), data));
            yield return Case("end before they begin", File(ValidHeader.Replace("[24,36]", "[36,24]"), data));
            yield return Case("leave a gap", File(ValidHeader.Replace("\"shape\":[3],\"data_offsets\":[24,36]", "\"shape\":[2],\"data_offsets\":[28,36]"), data));
            yield return Case("trailing bytes", File(ValidHeader, data.Concat(new[] { 0f }).ToArray()));
            yield return Case("has the key 'bias' more than once",
                File(ValidHeader.TrimEnd('}') + "},\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}", data));
            yield return Case("shape entry -3", File(ValidHeader.Replace("[3],", "[-3],"), data));
            yield return Case("no \"data_offsets\"", File(ValidHeader.Replace(",\"data_offsets\":[24,36]", ""), data));
            yield return Case("metadata entry 'n' must be a string", File(ValidHeader.TrimEnd('}') + "},\"__metadata__\":{\"n\":1}}", data));
        }

        [Theory]
        [MemberData(nameof(MalformedFiles))]
        public void MalformedFilesAreRejectedWithoutTouchingTheModel(string expectedMessage, byte[] file)
        {
            Linear model = new Linear(2, 3);
            Dictionary<string, float[]> before = ModuleTests.Snapshot(model);

            InvalidDataException error = Assert.Throws<InvalidDataException>(() => model.Load(WriteFile(file)));

            Assert.Contains(expectedMessage, error.Message);
            ModuleTests.AssertUnchanged(before, model);
        }

        [Fact]
        public void MissingUnexpectedAndMismatchedKeysAreNamedAndTheModelIsUnchanged()
        {
            string header =
                "{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"running_mean\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";
            Linear model = new Linear(2, 3);
            Dictionary<string, float[]> before = ModuleTests.Snapshot(model);

            InvalidDataException error = Assert.Throws<InvalidDataException>(
                () => model.Load(WriteFile(File(header, new float[9]))));

            Assert.Contains("missing keys: 'bias'", error.Message);
            Assert.Contains("unexpected keys: 'running_mean'", error.Message);
            Assert.Contains("'weight' has shape [2, 3] but the parameter has shape [3, 2]", error.Message);
            ModuleTests.AssertUnchanged(before, model);
        }

        [Fact]
        public void AFailedSaveLeavesTheExistingFileIntactAndNoTemporaryFile()
        {
            string path = Path.Combine(_directory, "model.safetensors");
            new Linear(2, 3).Save(path);
            byte[] before = System.IO.File.ReadAllBytes(path);

            // A lone surrogate cannot be encoded as UTF-8, so writing the header fails.
            ArgumentException error = Assert.Throws<ArgumentException>(() => new NamedByTest("bad\uD800").Save(path));

            Assert.Contains("unpaired surrogate", error.Message);
            Assert.Equal(before, System.IO.File.ReadAllBytes(path));
            Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
        }

        [Fact]
        public void AWriteThatFailsHalfwayNeverReachesTheDestination()
        {
            string path = Path.Combine(_directory, "model.safetensors");
            new Linear(2, 3).Save(path);
            byte[] before = System.IO.File.ReadAllBytes(path);
            Linear other = new Linear(2, 3);
            (string, Tensor)[] tensors = other.NamedParameters().Select(p => (p.Name, p.Parameter.Value)).ToArray();

            Assert.Throws<IOException>(() => SafeTensors.WriteFileAtomically(path, tensors, stream => new FailingStream(stream, failAfter: 20)));

            Assert.Equal(before, System.IO.File.ReadAllBytes(path));
            Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
        }

        [Fact]
        public void WriteRejectsBadNames()
        {
            MemoryStream stream = new MemoryStream();
            Tensor t = TestTensors.Vector(1);

            Assert.Throws<ArgumentException>(() => SafeTensors.Write(stream, new[] { ("", t) }));
            Assert.Throws<ArgumentException>(() => SafeTensors.Write(stream, new[] { ("a", t), ("a", t) }));
            Assert.Throws<ArgumentException>(() => SafeTensors.Write(stream, new[] { ("__metadata__", t) }));
            Assert.Equal(0, stream.Length);
        }

        [Fact]
        public void LoadOfAMissingFileThrowsFileNotFound()
        {
            Assert.Throws<FileNotFoundException>(() => new Linear(1, 1).Load(Path.Combine(_directory, "absent.safetensors")));
        }

        private string WriteFile(byte[] content)
        {
            string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".safetensors");
            System.IO.File.WriteAllBytes(path, content);
            return path;
        }

        /// <summary>A safetensors file built by hand: the length prefix (or a wrong one), the header, the data.</summary>
        private static byte[] File(string header, float[] data, ulong? declaredLength = null)
        {
            byte[] headerBytes = Encoding.UTF8.GetBytes(header);
            byte[] file = new byte[8 + headerBytes.Length + data.Length * 4];
            BinaryPrimitives.WriteUInt64LittleEndian(file, declaredLength ?? (ulong)headerBytes.Length);
            headerBytes.CopyTo(file, 8);
            for (int i = 0; i < data.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(8 + headerBytes.Length + i * 4), data[i]);
            }

            return file;
        }

        private static object[] Case(string message, byte[] file) => new object[] { message, file };

        /// <summary>Passes writes through until <c>failAfter</c> bytes, then fails like a full disk.</summary>
        private sealed class FailingStream : Stream
        {
            private readonly Stream _inner;
            private readonly int _failAfter;
            private int _written;

            public FailingStream(Stream inner, int failAfter)
            {
                _inner = inner;
                _failAfter = failAfter;
            }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override void Flush() => _inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                int allowed = Math.Min(buffer.Length, _failAfter - _written);
                _inner.Write(buffer.Slice(0, Math.Max(allowed, 0)));
                _written += Math.Max(allowed, 0);
                if (allowed < buffer.Length)
                {
                    throw new IOException("No space left on device.");
                }
            }
        }
    }
}
