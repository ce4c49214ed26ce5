namespace Diff.Generator
{
    /// <summary>Tracking names of the pipeline steps, used by incrementality tests.</summary>
    internal static class StepNames
    {
        public const string Bind = nameof(Bind);
        public const string Registrations = nameof(Registrations);
        public const string Analyse = nameof(Analyse);
        public const string Emit = nameof(Emit);
        public const string AnalyseTensor = nameof(AnalyseTensor);
        public const string EmitTensor = nameof(EmitTensor);
        public const string EmitRefused = nameof(EmitRefused);
        public const string BindKernel = nameof(BindKernel);
        public const string AnalyseKernel = nameof(AnalyseKernel);
        public const string EmitKernel = nameof(EmitKernel);
        public const string Positions = nameof(Positions);
    }
}
