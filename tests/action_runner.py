#!/usr/bin/env python3
"""Runs the composite action in $GITHUB_ACTION_PATH/action.yml as a GitHub runner
does, for tests/action.sh: checks that the file has the keys a composite action
needs, then runs its steps in order, each `run:` with bash -eo pipefail from
$GITHUB_WORKSPACE, with the step's `env:` (its ${{ inputs.* }},
${{ steps.*.outputs.* }} and ${{ runner.temp }} expressions filled in) and a fresh
$GITHUB_OUTPUT file, whose key=value lines become the step's outputs. A step's
`if:` may compare an expression with a quoted string (== or !=); `uses:` steps
(actions/cache) are not run. It stops at the first step that fails.

Writes each step's $GITHUB_OUTPUT file to $RUNNER_TEMP/outputs/STEP and the
action's outputs to $RUNNER_TEMP/outputs/action (NAME=VALUE lines); exits with
the status of the step that failed, 0 when none did.

usage: action_runner.py [INPUT=VALUE]...
"""
import os
import re
import subprocess
import sys

import yaml


def main():
    action_path = os.environ["GITHUB_ACTION_PATH"]
    workspace = os.environ["GITHUB_WORKSPACE"]
    runner_temp = os.environ["RUNNER_TEMP"]
    with open(os.path.join(action_path, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)

    problems = []

    def need(ok, what):
        if not ok:
            problems.append(what)

    need(isinstance(action, dict), "action.yml is not a mapping")
    if problems:
        return report(problems)
    for key in ("name", "description", "inputs", "outputs", "runs"):
        need(key in action, f"no '{key}'")
    inputs_spec = action.get("inputs") or {}
    for name in ("paths", "format", "fail-level", "sarif-file"):
        need(isinstance(inputs_spec.get(name), dict) and "description" in inputs_spec[name],
             f"no input '{name}' with a description")
    outputs_spec = action.get("outputs") or {}
    need(isinstance(outputs_spec.get("exit-code"), dict) and "value" in outputs_spec["exit-code"],
         "no output 'exit-code' with a value")
    runs = action.get("runs") or {}
    need(runs.get("using") == "composite", "runs.using is not composite")
    steps = runs.get("steps") or []
    need(len(steps) > 0, "no steps")
    for i, step in enumerate(steps):
        need("id" in step, f"step {i + 1} has no id")
        need(("run" in step) != ("uses" in step), f"step {i + 1}: one of run and uses")
        if "run" in step:
            need(step.get("shell") == "bash", f"step {i + 1}: shell is not bash")
    if problems:
        return report(problems)

    inputs = {name: str(spec.get("default", "")) for name, spec in inputs_spec.items()}
    for arg in sys.argv[1:]:
        name, _, value = arg.partition("=")
        if name not in inputs:
            return report([f"no input '{name}'"])
        inputs[name] = value
    step_outputs = {}

    def value(expr):
        expr = expr.strip()
        m = re.fullmatch(r"inputs\.([\w-]+)", expr)
        if m:
            return inputs[m.group(1)]
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            return step_outputs.get(m.group(1), {}).get(m.group(2), "")
        if expr == "runner.temp":
            return runner_temp
        raise ValueError(f"expression not supported here: {expr}")

    def fill(text):
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: value(m.group(1)), str(text))

    def condition(text):
        m = re.fullmatch(r"\s*(.+?)\s*(==|!=)\s*'([^']*)'\s*", text)
        if not m:
            raise ValueError(f"condition not supported here: {text}")
        equal = value(m.group(1)) == m.group(3)
        return equal if m.group(2) == "==" else not equal

    out_dir = os.path.join(runner_temp, "outputs")
    os.makedirs(out_dir, exist_ok=True)
    status = 0
    for step in steps:
        sid = step["id"]
        if "if" in step and not condition(step["if"]):
            continue
        if "uses" in step:
            continue
        env = dict(os.environ)
        for name, val in (step.get("env") or {}).items():
            env[name] = fill(val)
        out_file = os.path.join(out_dir, sid)
        open(out_file, "w", encoding="utf-8").close()
        env["GITHUB_OUTPUT"] = out_file
        script = os.path.join(runner_temp, f"step-{sid}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(fill(step["run"]))
        sys.stdout.flush()
        status = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                                 env=env, cwd=workspace)
        outputs = {}
        with open(out_file, encoding="utf-8") as f:
            for line in f.read().splitlines():
                name, _, val = line.partition("=")
                outputs[name] = val
        step_outputs[sid] = outputs
        if status != 0:
            break
    with open(os.path.join(out_dir, "action"), "w", encoding="utf-8") as f:
        for name, spec in outputs_spec.items():
            f.write(f"{name}={fill(spec['value'])}\n")
    return status


def report(problems):
    for p in problems:
        print(f"action.yml: {p}", file=sys.stderr)
    return 100


if __name__ == "__main__":
    sys.exit(main())
