#!/usr/bin/env python3
"""Tests of scripts/check-module-cycles.py on tiny fixture crates (run: python3 THIS_FILE)."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-module-cycles.py")


def run(tree: dict[str, str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as root:
        for path, text in tree.items():
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))
        return subprocess.run(
            [sys.executable, SCRIPT, os.path.join(root, "lib.rs")],
            capture_output=True,
            text=True,
            check=False,
        )


LAYERED = {
    "lib.rs": "pub mod routes;\npub mod extract;\npub mod state;\n",
    "state.rs": "pub struct AppState;\n",
    "extract.rs": """\
        use crate::state::AppState;
        /// Not an import: crate::routes::X in a comment.
        pub const NOTE: &str = "crate::routes::vehicles in a string";
        pub struct Header(pub AppState);
        #[cfg(test)]
        mod tests {
            use super::*;
            use super::super::state::AppState as S;
        }
    """,
    "routes/mod.rs": "pub mod vehicles;\npub mod admin;\n",
    "routes/vehicles.rs": "use crate::{extract::Header, state::AppState};\n",
    "routes/admin/mod.rs": "pub mod fleet;\n",
    "routes/admin/fleet.rs": "use crate::routes::vehicles;\nuse super::super::vehicles as v;\n",
}


class ModuleCycles(unittest.TestCase):
    def test_layered_tree_passes(self):
        result = run(LAYERED)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no module cycles among 7 modules", result.stdout)

    def test_two_modules_importing_each_other_fail(self):
        tree = dict(LAYERED)
        tree["state.rs"] = "use crate::extract::Header;\npub struct AppState;\n"
        result = run(tree)
        self.assertEqual(result.returncode, 1)
        self.assertIn("module cycle of 2 modules", result.stdout)
        self.assertIn("crate::state", result.stdout)
        self.assertIn("crate::extract", result.stdout)

    def test_child_using_a_constant_of_its_parent_fails(self):
        # routes declares vehicles; vehicles naming crate::routes::BASE closes the loop.
        tree = dict(LAYERED)
        tree["routes/mod.rs"] = "pub mod vehicles;\npub mod admin;\npub const BASE: &str = \"/\";\n"
        tree["routes/vehicles.rs"] = "fn f() -> &'static str { crate::routes::BASE }\n"
        result = run(tree)
        self.assertEqual(result.returncode, 1)
        self.assertIn("crate::routes::vehicles", result.stdout)

    def test_grouped_use_and_super_paths_are_followed(self):
        tree = dict(LAYERED)
        # extract -> routes::admin::fleet (grouped), fleet -> vehicles (super), vehicles -> extract
        tree["extract.rs"] = "use crate::{state::AppState, routes::{admin::fleet::F}};\n"
        result = run(tree)
        self.assertEqual(result.returncode, 1)
        self.assertIn("crate::routes::admin::fleet", result.stdout)


if __name__ == "__main__":
    unittest.main()
