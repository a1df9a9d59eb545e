#!/usr/bin/env bash
# Checks `paved-road init` as a team uses it: runs the CLI from the release tarball (dist/js/*.tgz, written by
# `projen package:js` after bundle and compile), scaffolds a TypeScript app, points its paved-road-constructs
# dependency at the tarball, then `npm install`, `npx cdk synth` (the aws-cdk CLI from npm), the app's own tests,
# `npx paved-road check` (every stage: no finding, every stack within budget; then, with a bucket that breaks
# rules, every stage refused and read) and `npx paved-road doctor`.
# Also scaffolds the Python app and byte-compiles it. Needs the npm registry.
#   npx projen scaffold:check      # bundle, compile, package:js, then this script
#   bash test/scaffold/check.sh    # after those steps
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tarballs=("$root"/dist/js/paved-road-constructs*.tgz)
if [ ! -f "${tarballs[0]}" ] || [ "${#tarballs[@]}" -ne 1 ]; then
  echo "scaffold check: expected one dist/js/paved-road-constructs*.tgz (run npx projen scaffold:check), found: ${tarballs[*]}" >&2
  exit 1
fi
tarball="${tarballs[0]}"
# The package's bin must be inside the tarball (listed into a variable first: grep -q closing the pipe early
# would fail tar under pipefail).
listing="$(tar -tzf "$tarball")"
if ! grep -qx 'package/assets/cli/paved-road.js' <<< "$listing"; then
  echo "scaffold check: $tarball has no assets/cli/paved-road.js (the paved-road bin)" >&2
  exit 1
fi
bin="$(tar -xzOf "$tarball" package/package.json | node -e 'let s="";process.stdin.on("data",(c)=>s+=c).on("end",()=>console.log(JSON.parse(s).bin["paved-road"]))')"
[ "$bin" = "assets/cli/paved-road.js" ] || { echo "scaffold check: package.json bin paved-road is '$bin'" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/pkg"
tar -xzf "$tarball" -C "$work/pkg"
cli="$work/pkg/package/assets/cli/paved-road.js"
step() { echo; echo "== $*"; }
elapsed() { echo "   ($(( SECONDS - $1 )) s)"; }

cd "$work"
step "paved-road init (TypeScript), from the tarball's bin"
node "$cli" init app --name checkout --owner team-checkout
cd app
# The scaffold depends on the released version; here, on the tarball under test.
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf-8"));
  pkg.dependencies["paved-road-constructs"] = "file:" + process.argv[1];
  fs.writeFileSync("package.json", JSON.stringify(pkg, undefined, 2) + "\n");
' "$tarball"

step "npm install"
t=$SECONDS
npm install --no-audit --no-fund --loglevel=error
elapsed $t
node -e 'for (const p of ["aws-cdk-lib", "aws-cdk", "cdk-nag", "constructs", "typescript", "ts-node", "paved-road-constructs"]) console.log(`   ${p} ${require(`${p}/package.json`).version}`)'

step "npx cdk synth"
t=$SECONDS
# stdout is the YAML template of the one top-level stack (Delivery): kept in a file; stderr (the guardrails' cost
# tables, CDK's warnings) is shown.
if ! npx cdk synth > cdk-synth.yaml 2> cdk-synth.err; then
  cat cdk-synth.err >&2
  exit 1
fi
sed 's/^/   /' cdk-synth.err
elapsed $t
echo "   stdout: $(wc -l < cdk-synth.yaml) lines of YAML; templates:"
find cdk.out -name '*.template.json' | sed 's/^/   /' | sort

step "npm run build && npm test (the app's own tests)"
t=$SECONDS
npm run build --silent
npm test --silent 2>&1 | tail -n 40 | sed 's/^/   /'
elapsed $t

step "npx paved-road check (through the app's aws-cdk CLI)"
t=$SECONDS
npx paved-road check
npx paved-road check --json > check.json
node -e '
  const s = require("./check.json");
  const stages = s.stages.map((x) => x.stage).join(", ");
  if (!s.ok || s.totals.findings !== 0 || s.totals.stacksOverBudget !== 0 || s.totals.stages !== 4) {
    console.error(`scaffold check: expected 4 stages without findings, got ${JSON.stringify(s.totals)} (${stages})`);
    process.exit(1);
  }
  console.log(`   check --json: ${s.totals.stages} stages (${stages}), ${s.totals.stacks} stacks, ${s.totals.findings} findings, ${s.totals.acknowledgments} acknowledged, $${s.totals.monthlyUsd} per month`);
'
elapsed $t

step "npx paved-road check on a refused app (a bucket that breaks two rules in every stage's service stack)"
t=$SECONDS
cp lib/service-stack.ts service-stack.ts.orig
node -e '
  const fs = require("fs");
  const source = fs.readFileSync("lib/service-stack.ts", "utf-8");
  const loose = source
    .replace("import * as ecs from \x27aws-cdk-lib/aws-ecs\x27;", "import * as ecs from \x27aws-cdk-lib/aws-ecs\x27;\nimport * as s3 from \x27aws-cdk-lib/aws-s3\x27;")
    .replace("    this.service.connections.allowToDefaultPort(cache);", "    this.service.connections.allowToDefaultPort(cache);\n    new s3.Bucket(this, \x27Loose\x27, { enforceSSL: false });");
  if (loose === source || !loose.includes("new s3.Bucket")) { console.error("scaffold check: lib/service-stack.ts changed; cannot add the bucket"); process.exit(1); }
  fs.writeFileSync("lib/service-stack.ts", loose);
'
refused_code=0
npx paved-road check --json > refused.json || refused_code=$?
mv service-stack.ts.orig lib/service-stack.ts
# One synthesis refuses every stage; each stage's report, written before the app's validation failed, is read too.
node -e '
  const s = require("./refused.json");
  const code = Number(process.argv[1]);
  const refused = s.stages.filter((x) => x.refused).map((x) => `${x.stage} ${x.findingCount}`).join(", ");
  const loose = s.stages.flatMap((x) => x.findingsByRule).filter((g) => g.rule === "AwsSolutions-S10").flatMap((g) => g.findings.map((f) => f.path));
  if (code !== 1 || s.stages.filter((x) => x.refused).map((x) => x.stage).join() !== "Dev,Staging,Prod" || loose.join() !== "Dev/Service/Loose/Resource,Staging/Service/Loose/Resource,Prod/Service/Loose/Resource"
    || !s.stages.filter((x) => x.refused).every((x) => x.reported && x.acknowledgments > 0 && x.stacks.length === 2)) {
    console.error(`scaffold check: expected exit 1 with Dev, Staging and Prod refused, each with its report; got exit ${code}: ${JSON.stringify(s.stages.map((x) => [x.stage, x.refused, x.findingCount, x.acknowledgments]))}`);
    process.exit(1);
  }
  console.log(`   check --json: exit ${code}; refused: ${refused} (findings); ${s.totals.acknowledgments} acknowledged`);
' "$refused_code"
elapsed $t

step "npx paved-road doctor --offline"
npx paved-road doctor --offline

cd "$work"
step "paved-road init --language python, byte-compiled"
node "$cli" init py --name checkout --owner team-checkout --language python > /dev/null
python3 -m py_compile py/app.py py/tests/test_app.py
ls py py/tests | sed 's/^/   /'
echo
echo "scaffold check: passed"
