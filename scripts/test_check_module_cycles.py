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

    def assert_cycle(self, changes: dict[str, str], *members: str) -> None:
        """The layered tree with `changes` applied fails, naming each of `members`."""
        result = run({**LAYERED, **changes})
        self.assertEqual(result.returncode, 1, result.stdout)
        for member in members:
            self.assertIn(member, result.stdout)

    def test_two_modules_importing_each_other_fail(self):
        self.assert_cycle(
            {"state.rs": "use crate::extract::Header;\npub struct AppState;\n"},
            "module cycle of 2 modules",
            "crate::state",
            "crate::extract",
        )

    def test_child_using_a_constant_of_its_parent_fails(self):
        # routes declares vehicles; vehicles naming crate::routes::BASE closes the loop.
        self.assert_cycle(
            {
                "routes/mod.rs": "pub mod vehicles;\npub mod admin;\npub const BASE: &str = \"/\";\n",
                "routes/vehicles.rs": "fn f() -> &'static str { crate::routes::BASE }\n",
            },
            "crate::routes::vehicles",
        )

    def test_grouped_use_and_super_paths_are_followed(self):
        # extract -> routes::admin::fleet (grouped), fleet -> vehicles (super), vehicles -> extract
        self.assert_cycle(
            {"extract.rs": "use crate::{state::AppState, routes::{admin::fleet::F}};\n"},
            "crate::routes::admin::fleet",
        )

if __name__ == "__main__":
    unittest.main()
