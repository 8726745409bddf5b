#!/usr/bin/env python3
"""Checks that the code under src/ keeps to the layers its CMake libraries declare.

A source file of src/DIR may include headers of DIR itself, of base/ and model/ (the foundation
everything links), and of the folders whose libraries DIR's libraries name directly (DEPS and
PRIVATE_DEPS of balie_library in src/DIR/CMakeLists.txt). A library reached only through another
is not for DIR to use: `api/` links `service/`, which links `storage/`, so `api/` goes through the
services and never includes `storage/`. Tests (*_test.cc) are not checked.

  python3 tools/check_layering.py [SOURCE_DIR]     exit status 1 on a violation, naming each
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
src = root / "src"

library_dir = {}  # balie_NAME -> folder
folder_deps = {}  # folder -> names of the balie_ libraries it links
for cmake in sorted(src.glob("*/CMakeLists.txt")):
    folder = cmake.parent.name
    text = re.sub(r"#.*", "", cmake.read_text())
    folder_deps.setdefault(folder, set())
    for block in re.finditer(r"balie_library\(\s*(\w+)(.*?)\)", text, re.S):
        name, rest = block.group(1), block.group(2)
        library_dir["balie_" + name] = folder
        deps = re.search(r"\b(?:DEPS|PRIVATE_DEPS)\b(.*)", rest, re.S)
        if deps:
            folder_deps[folder] |= set(re.findall(r"\bbalie_\w+", deps.group(1)))


def allowed_for(folder):
    return {folder, "base", "model"} | {
        library_dir[library] for library in folder_deps.get(folder, ()) if library in library_dir}


folders = {path.name for path in src.iterdir() if path.is_dir()}
violations = []
for folder in sorted(folder_deps):
    allowed = allowed_for(folder)
    for path in sorted((src / folder).rglob("*")):
        if path.suffix not in (".h", ".cc") or path.name.endswith("_test.cc"):
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            included = re.match(r'\s*#\s*include\s+"([^/"]+)/', line)
            if included and included.group(1) in folders and included.group(1) not in allowed:
                violations.append(
                    f"{path.relative_to(root)}:{number}: {folder}/ includes {included.group(1)}/, "
                    f"which its libraries do not name as a dependency (allowed: {', '.join(sorted(allowed))})")

for violation in violations:
    print(violation)
print(f"layering: {len(violations)} violation(s) in {len(folder_deps)} folders")
sys.exit(1 if violations else 0)
