"""Reads a generated Python SDK's resource classes and prints, as JSON, what each marks secret.

    python3 python-secrets.py <package-folder>

The Pulumi Python SDK is not installed here, so the classes cannot run; their syntax trees
say the same thing: per class, the keys of `additional_secret_outputs=[...]` and the inputs
stored as `__props__.__dict__["key"] = ... pulumi.Output.secret(...)`.
"""
import ast
import json
import pathlib
import sys


def is_output_secret_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "secret"
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "Output"
    )


def props_key(target: ast.AST):
    # __props__.__dict__["key"]
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
        value = target.value
        if isinstance(value, ast.Attribute) and value.attr == "__dict__":
            return target.slice.value
    return None


def read_class(cls: ast.ClassDef) -> dict:
    secret_outputs: list = []
    secret_inputs: list = []
    for node in ast.walk(cls):
        if isinstance(node, ast.keyword) and node.arg == "additional_secret_outputs" and isinstance(node.value, ast.List):
            secret_outputs.extend(e.value for e in node.value.elts if isinstance(e, ast.Constant))
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            key = props_key(node.targets[0])
            if key is not None and any(is_output_secret_call(n) for n in ast.walk(node.value)):
                secret_inputs.append(key)
    return {"additionalSecretOutputs": sorted(secret_outputs), "secretInputs": sorted(secret_inputs)}


def main() -> None:
    classes = {}
    for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                found = read_class(node)
                if found["additionalSecretOutputs"] or found["secretInputs"]:
                    classes[node.name] = found
    json.dump(classes, sys.stdout, sort_keys=True)


main()
