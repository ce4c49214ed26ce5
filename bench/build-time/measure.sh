#!/usr/bin/env bash
# Measures what the DiffGen generator adds to a clean build.
#
# Generates a throwaway project with METHODS distinct [Differentiable] methods in a temporary
# directory, then times clean Release builds of it with the generator referenced as an analyzer and
# without it (same sources; the attributes come from Diff.Runtime either way). The two modes are
# interleaved, after one untimed warm-up build of each.
#
# Then, in as many further clean builds, reads the time the compiler reports for the generator and the
# analyzer (-p:ReportAnalyzer=true) and prints their medians.
#
# Usage: bench/build-time/measure.sh [--methods N] [--reps R] [--keep] [--generator DIR] [--baseline DIR]
#                                    [--report-only] [--server] [--helpers] [--edit-each-build]
#   --generator DIR  use the Diff.Generator.dll in DIR instead of this checkout's Release build
#                    (to compare two versions under the same conditions)
#   --baseline DIR   also time the Diff.Generator.dll in DIR: each ReportAnalyzer round builds with both,
#                    in alternating order, so that the machine's drift over minutes falls on both alike
#   --report-only    skip the timed builds with and without the generator; only the ReportAnalyzer builds
#   --server         build through the shared compiler server (UseSharedCompilation=true), as a
#                    developer machine does by default: the generator stays loaded and compiled
#                    between builds. Without it the setting of the environment applies (CI sets
#                    UseSharedCompilation=false: every build starts a fresh compiler).
#   --helpers        code that calls its helpers: in each class of 10 methods, three [Differentiable]
#                    helpers (a log-sum-exp over an array, a scalar function, a void method that writes
#                    its array) and seven methods that call all three, in loops too
#   --edit-each-build  change a constant in every method before each ReportAnalyzer build, so that no
#                    method is one an earlier build in the same compiler server has seen (the generator
#                    keeps what it analysed and emitted for unchanged methods from build to build)
set -euo pipefail

METHODS=500
REPS=3
KEEP=0
GENERATOR_OVERRIDE=""
BASELINE=""
REPORT_ONLY=0
HELPERS=0
EDIT_EACH_BUILD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --methods) METHODS="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --generator) GENERATOR_OVERRIDE="$2"; shift 2 ;;
    --baseline) BASELINE="$(cd "$2" && pwd)"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    --server) export UseSharedCompilation=true; shift ;;
    --helpers) HELPERS=1; shift ;;
    --edit-each-build) EDIT_EACH_BUILD=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
RUNTIME_DIR="$REPO_ROOT/src/Diff.Runtime/bin/Release/net10.0"
GENERATOR_DIR="${GENERATOR_OVERRIDE:-$REPO_ROOT/src/Diff.Generator/bin/Release/netstandard2.0}"

echo "Building Diff.Runtime and Diff.Generator (Release)..."
dotnet build "$REPO_ROOT/src/Diff.Runtime/Diff.Runtime.csproj" -c Release --nologo -v q >/dev/null
[ -n "$GENERATOR_OVERRIDE" ] || dotnet build "$REPO_ROOT/src/Diff.Generator/Diff.Generator.csproj" -c Release --nologo -v q >/dev/null
[ -f "$RUNTIME_DIR/Diff.Runtime.dll" ] || { echo "missing $RUNTIME_DIR/Diff.Runtime.dll" >&2; exit 1; }
[ -f "$GENERATOR_DIR/Diff.Generator.dll" ] || { echo "missing $GENERATOR_DIR/Diff.Generator.dll" >&2; exit 1; }
[ -z "$BASELINE" ] || [ -f "$BASELINE/Diff.Generator.dll" ] || { echo "missing $BASELINE/Diff.Generator.dll" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/diffgen-build-time.XXXXXX")"
cleanup() { if [ "$KEEP" = 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi; }
trap cleanup EXIT
PROJ="$WORK/BuildTime"
mkdir -p "$PROJ/Src"

# Stop MSBuild from importing anything above the temporary directory.
printf '<Project />\n' > "$WORK/Directory.Build.props"
printf '<Project />\n' > "$WORK/Directory.Build.targets"
printf '<Project />\n' > "$WORK/Directory.Packages.props"

cat > "$PROJ/BuildTime.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <UseDiffGenerator Condition="'\$(UseDiffGenerator)' == ''">true</UseDiffGenerator>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="Diff.Runtime" HintPath="$RUNTIME_DIR/Diff.Runtime.dll" />
  </ItemGroup>
  <PropertyGroup>
    <DiffGeneratorDir Condition="'\$(DiffGeneratorDir)' == ''">$GENERATOR_DIR</DiffGeneratorDir>
  </PropertyGroup>
  <ItemGroup Condition="'\$(UseDiffGenerator)' == 'true'">
    <Analyzer Include="\$(DiffGeneratorDir)/*.dll" />
  </ItemGroup>
</Project>
XML

# One method body per kind; i makes every method distinct.
method() {
  local i=$1
  local c1 c2
  c1="$((i % 7 + 1)).$((i % 10))$EDIT"
  c2="0.$((i % 9 + 1))"
  case $((i % 5)) in
    0) cat <<CS
        [Differentiable]
        public static double M$i(double a, double b)
        {
            double t = a * b + $c1 * a - b / ($c1 + a * a);
            t -= $c2 * b * b;
            return t * t + a;
        }
CS
    ;;
    1) cat <<CS
        [Differentiable]
        public static double M$i(double a, double b)
        {
            double u = Math.Sin($c1 * a) * Math.Exp(-$c2 * b);
            double v = Math.Log(1.0 + a * a) + Math.Sqrt(1.0 + b * b);
            return Math.Max(u, v) + Math.Cos(u * v);
        }
CS
    ;;
    2) cat <<CS
        [Differentiable]
        public static double M$i(double[] x)
        {
            double s = 0.0;
            for (int j = 0; j < x.Length; j++)
            {
                s += $c1 * x[j] * x[j] + Math.Sin(x[j] * $c2);
            }
            return s;
        }
CS
    ;;
    3) cat <<CS
        [Differentiable]
        public static double M$i(double[] x, double w)
        {
            double[] y = new double[x.Length];
            double s = 0.0;
            for (int j = 0; j < x.Length; j++)
            {
                y[j] = x[j] > $c2 ? w * x[j] : Math.Exp(x[j] - $c1);
            }
            for (int j = 0; j < x.Length; j++)
            {
                if (y[j] > 0.0)
                {
                    s += y[j] * y[j];
                }
                else
                {
                    s -= $c1 * y[j];
                }
            }
            return s;
        }
CS
    ;;
    4) cat <<CS
        [Differentiable]
        public static double M$i(double[] x, [NoDiff] double[] t)
        {
            double p = 1.0;
            int j = 0;
            while (j < x.Length)
            {
                double r = x[j] - t[j];
                p = p * $c2 + r * r / (1.0 + $c1 * r * r);
                j++;
            }
            return Math.Log(1.0 + p);
        }
CS
    ;;
  esac
}

# With --helpers: method m of a class is one of its three helpers (m < 3) or a method that calls them all.
method_with_helpers() {
  local i=$1 m=$2
  local c1="$((i % 7 + 1)).$((i % 10))$EDIT"
  case $m in
    0) cat <<CS
        [Differentiable]
        public static double LogSumExp(double[] v, int n)
        {
            double m = v[0];
            for (int j = 1; j < n; j++)
            {
                if (v[j] > m)
                {
                    m = v[j];
                }
            }
            double s = 0.0;
            for (int j = 0; j < n; j++)
            {
                s += Math.Exp(v[j] - m);
            }
            return m + Math.Log(s);
        }
CS
    ;;
    1) cat <<CS
        [Differentiable]
        public static double Sq(double a, double b) => a * a + $c1 * b * Math.Sin(a);
CS
    ;;
    2) cat <<CS
        [Differentiable]
        public static void Scale(double[] y, double w)
        {
            for (int j = 0; j < y.Length; j++)
            {
                y[j] = y[j] * w + Math.Tanh(y[j]);
            }
        }
CS
    ;;
    *) cat <<CS
        [Differentiable]
        public static double M$i(double[] x, double w)
        {
            double[] y = new double[x.Length];
            for (int j = 0; j < x.Length; j++)
            {
                y[j] = x[j] * (w + $c1);
            }
            Scale(y, w);
            double s = LogSumExp(y, y.Length);
            for (int j = 0; j < x.Length; j++)
            {
                s += Sq(x[j], w);
            }
            return s + LogSumExp(x, x.Length);
        }
CS
    ;;
  esac
}

PER_CLASS=10
CLASSES=$(( (METHODS + PER_CLASS - 1) / PER_CLASS ))
# write_sources SUFFIX: the digits SUFFIX appended to one constant of every method ("" for none)
write_sources() {
  EDIT="$1"
  local i=0 b m
  for ((b = 0; b < CLASSES; b++)); do
    {
      echo "using System;"
      echo "using Diff;"
      echo ""
      echo "namespace BuildTime"
      echo "{"
      echo "    public static partial class Block$b"
      echo "    {"
      for ((m = 0; m < PER_CLASS && i < METHODS; m++)); do
        if [ "$HELPERS" = 1 ]; then method_with_helpers "$i" "$m"; else method "$i"; fi
        i=$((i + 1))
      done
      echo "    }"
      echo "}"
    } > "$PROJ/Src/Block$b.cs"
  done
}
write_sources ""
echo "Generated $METHODS [Differentiable] methods in $CLASSES files under $PROJ"

dotnet restore "$PROJ/BuildTime.csproj" --nologo -v q >/dev/null

# clean_build MODE -> prints seconds
clean_build() {
  local mode=$1 start end log
  rm -rf "$PROJ/bin" "$PROJ/obj/Release"
  log="$WORK/build-$mode.log"
  start=$(date +%s.%N)
  if ! dotnet build "$PROJ/BuildTime.csproj" -c Release --no-restore --nologo -v q \
      -p:UseDiffGenerator="$mode" >"$log" 2>&1; then
    echo "build with UseDiffGenerator=$mode failed:" >&2
    grep -E "error" "$log" | sort -u | head -20 >&2
    exit 1
  fi
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

echo "Warm-up builds (not timed)..."
clean_build true >/dev/null
clean_build false >/dev/null

WITH=()
WITHOUT=()
if [ "$REPORT_ONLY" = 0 ]; then
  for ((r = 1; r <= REPS; r++)); do
    t=$(clean_build true); WITH+=("$t")
    u=$(clean_build false); WITHOUT+=("$u")
    echo "run $r: with generator ${t}s, without ${u}s"
  done
fi

# Sanity check: count what the generator emitted (untimed build).
rm -rf "$PROJ/bin" "$PROJ/obj/Release"
dotnet build "$PROJ/BuildTime.csproj" -c Release --no-restore --nologo -v q -p:UseDiffGenerator=true \
  -p:EmitCompilerGeneratedFiles=true -p:CompilerGeneratedFilesOutputPath="$WORK/generated" >/dev/null 2>&1 || true
GENERATED=$(find "$WORK/generated" -name '*.cs' 2>/dev/null | wc -l)
# One file per method: those that hold its gradient (or, for a void method, its pullback).
GRADIENTS=$(grep -lE 'public static (double|float|void) [A-Za-z0-9_]+(Gradient|Pullback)\(' "$WORK"/generated/*/*/*.cs 2>/dev/null | wc -l || true)

# The compiler's own account of the generator and the analyzer (execution time, partly concurrent).
GEN_TIMES=()
ANA_TIMES=()
BASE_GEN_TIMES=()
BASE_ANA_TIMES=()
# report_build LABEL [MSBUILD ARGS] -> "generator analyzer" seconds as the compiler reports them
report_build() {
  local label=$1 log g a
  shift
  rm -rf "$PROJ/bin" "$PROJ/obj/Release"
  log="$WORK/build-report-$label.log"
  dotnet build "$PROJ/BuildTime.csproj" -c Release --no-restore --nologo -v:d -p:UseDiffGenerator=true \
    -p:ReportAnalyzer=true "$@" >"$log" 2>&1 || { echo "ReportAnalyzer build failed" >&2; exit 1; }
  # The compiler prints "<0.001" for an analyzer below a millisecond; that counts as 0.001 here.
  g=$(grep -E '^[[:space:]]+<?[0-9.]+[[:space:]]+[0-9<]+[[:space:]]+Diff\.Generator\.DifferentiableGenerator' "$log" | awk '{ sub(/^</, "", $1); print $1 }' | head -1 || true)
  a=$(grep -E '^[[:space:]]+<?[0-9.]+[[:space:]]+[0-9<]+[[:space:]]+Diff\.Generator\.Diagnostics\.DifferentiableAnalyzer' "$log" | awk '{ sub(/^</, "", $1); print $1 }' | head -1 || true)
  echo "${g:-nan} ${a:-nan}"
}
for ((r = 1; r <= REPS; r++)); do
  # A constant of every method becomes, say, 3.4000000001 in the first run and 3.4000000002 in the second.
  [ "$EDIT_EACH_BUILD" = 0 ] || write_sources "$(printf '%09d' "$r")"
  if [ -n "$BASELINE" ] && [ $((r % 2)) = 0 ]; then
    read -r bg ba <<<"$(report_build "baseline-$r" -p:DiffGeneratorDir="$BASELINE")"
  fi
  read -r g a <<<"$(report_build "$r")"
  if [ -n "$BASELINE" ] && [ $((r % 2)) = 1 ]; then
    read -r bg ba <<<"$(report_build "baseline-$r" -p:DiffGeneratorDir="$BASELINE")"
  fi
  [ -n "${g:-}" ] && { [ -z "$BASELINE" ] || [ -n "${bg:-}" ]; } || exit 1
  GEN_TIMES+=("$g")
  ANA_TIMES+=("$a")
  echo "ReportAnalyzer run $r: DifferentiableGenerator ${g}s, DifferentiableAnalyzer ${a}s"
  if [ -n "$BASELINE" ]; then
    BASE_GEN_TIMES+=("$bg")
    BASE_ANA_TIMES+=("$ba")
    echo "ReportAnalyzer run $r, baseline: DifferentiableGenerator ${bg}s, DifferentiableAnalyzer ${ba}s"
  fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

stats() { printf '%s\n' "$@" | awk '{ s += $1; if (NR == 1 || $1 < m) m = $1 } END { printf "%.3f %.3f", s / NR, m }'; }

echo ""
echo "Clean Release build of $METHODS [Differentiable] methods, $REPS runs each"
if [ "$REPORT_ONLY" = 0 ]; then
  read -r WITH_MEAN WITH_MIN <<<"$(stats "${WITH[@]}")"
  read -r WITHOUT_MEAN WITHOUT_MIN <<<"$(stats "${WITHOUT[@]}")"
  printf '%-20s %10s %10s\n' "" "mean (s)" "min (s)"
  printf '%-20s %10s %10s\n' "with generator" "$WITH_MEAN" "$WITH_MIN"
  printf '%-20s %10s %10s\n' "without generator" "$WITHOUT_MEAN" "$WITHOUT_MIN"
  awk -v a="$WITH_MEAN" -v b="$WITHOUT_MEAN" -v c="$WITH_MIN" -v d="$WITHOUT_MIN" \
    'BEGIN { printf "%-20s %10.3f %10.3f\n", "difference", a - b, c - d }'
fi
printf '%-20s %10s %10s\n' "" "median (s)" ""
if [ "$REPORT_ONLY" = 0 ]; then
  printf '%-20s %10s\n' "with generator" "$(median "${WITH[@]}")"
  printf '%-20s %10s\n' "without generator" "$(median "${WITHOUT[@]}")"
fi
printf '%-20s %10s\n' "generator (report)" "$(median "${GEN_TIMES[@]}")"
printf '%-20s %10s\n' "analyzer (report)" "$(median "${ANA_TIMES[@]}")"
if [ -n "$BASELINE" ]; then
  printf '%-20s %10s\n' "baseline generator" "$(median "${BASE_GEN_TIMES[@]}")"
  printf '%-20s %10s\n' "baseline analyzer" "$(median "${BASE_ANA_TIMES[@]}")"
fi
echo "generated files: $GENERATED, generated gradient/pullback methods: $GRADIENTS of $METHODS"
