/*
 * The Python scaffold: app.py (python-app.ts) with requirements, cdk.json, pytest tests and CI.
 */
import { appPy } from './python-app';
import { cdkContext, ScaffoldSettings } from './settings';
import { ciWorkflow, gitignore, readme } from './shared-files';

const json = (value: unknown) => `${JSON.stringify(value, undefined, 2)}\n`;

/** `^2.257.0` -> `>=2.257.0,<3.0.0` (pip's spelling of npm's caret range). */
export function pipRange(npmRange: string): string {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(npmRange);
  if (!m) return npmRange.replace(/^\^/, '>=');
  const major = Number(m[1]);
  if (major === 0) return `>=${m[1]}.${m[2]}.${m[3]},<0.${Number(m[2]) + 1}.0`;
  return `>=${m[1]}.${m[2]}.${m[3]},<${major + 1}.0.0`;
}

function requirements(s: ScaffoldSettings): string {
  return [
    `aws-cdk-lib${pipRange(s.peers['aws-cdk-lib'])}`,
    `constructs${pipRange(s.peers.constructs)}`,
    `cdk-nag${pipRange(s.peers['cdk-nag'])}`,
    `paved-road-constructs${pipRange(s.libraryRange)}`,
    '',
  ].join('\n');
}

function testPy(s: ScaffoldSettings): string {
  return `"""Every stage of ${s.name} synthesizes with no guardrail finding; the guardrails do fire (negative control)."""
import json
import pathlib
import sys

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from paved_road_constructs import PavedRoadGuardrails

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import app as paved_road_app  # noqa: E402  (app.py of this project)


def cdk_json_context() -> dict:
    """The context of cdk.json, so the tests build the app \`cdk synth\` builds."""
    return json.loads((ROOT / "cdk.json").read_text())["context"]


@pytest.fixture(scope="module")
def synthesized():
    app = cdk.App(context=cdk_json_context())
    built = paved_road_app.build_app(app)
    app.synth()  # the guardrails make this raise with every unacknowledged finding listed
    return app, built


def test_every_stage_has_no_guardrail_finding(synthesized):
    app, built = synthesized
    for scope in [app, *built["stages"]]:
        guardrails = PavedRoadGuardrails.of(scope)
        assert guardrails is not None
        assert [f"{f.path}: {f.rule}" for f in guardrails.findings] == []


def test_three_environments_in_order(synthesized):
    _, built = synthesized
    assert [stage.profile for stage in built["stages"]] == ["dev", "staging", "prod"]


def test_guardrails_refuse_a_resource_that_breaks_a_rule():
    bad = cdk.App(context=cdk_json_context())
    stack = cdk.Stack(bad, "Bad")
    s3.Bucket(stack, "Unencrypted", enforce_ssl=False)
    PavedRoadGuardrails.enforce(bad)
    with pytest.raises(Exception, match="AwsSolutions-S10"):
        bad.synth()
`;
}

/** Every file of the Python scaffold, by path. */
export function pythonFiles(s: ScaffoldSettings): Record<string, string> {
  return {
    'app.py': appPy(s),
    'requirements.txt': requirements(s),
    'requirements-dev.txt': 'pytest>=8\n',
    'cdk.json': json({
      app: 'python3 app.py',
      watch: { include: ['**'], exclude: ['README.md', 'cdk*.json', 'requirements*.txt', '**/__pycache__', '.venv', 'tests'] },
      context: cdkContext(s),
    }),
    'tests/__init__.py': '',
    'tests/test_app.py': testPy(s),
    '.gitignore': gitignore('python'),
    'README.md': readme(s),
    '.github/workflows/ci.yml': ciWorkflow('python'),
  };
}
