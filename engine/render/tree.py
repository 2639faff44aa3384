"""Terminal rendering of proof trees (rich Tree): one tree per treaty and outcome."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from engine.render.text import status_text
from engine.verdict.explain import Explanation, Node

MARK = {True: ("✓ ", "green"), False: ("✗ ", "red"), None: ("• ", "dim")}


def node_text(node: Node) -> Text:
    mark, style = MARK[node.holds]
    text = Text(mark, style=style)
    strong = node.kind in ("provision", "exception", "outcome", "event", "reading", "branch")
    if node.kind == "exception":
        text.append("exception: ", style="bold magenta")
    text.append(node.label, style="bold" if strong else "")
    if node.cite:
        text.append(f"  [{node.cite}]", style="cyan")
    return text


def _add(tree: Tree, node: Node) -> None:
    branch = tree.add(node_text(node))
    for line in node.detail:
        branch.add(Text(line, style="dim italic"))
    for child in node.children:
        _add(branch, child)


def explanation_tree(e: Explanation) -> Tree:
    head = Text(f"{e.scenario} — {e.treaty} {e.outcome.replace('_', ' ')}: ", style="bold")
    head.append_text(status_text(e.status))
    head.append(f"  (law read at {e.date})", style="dim")
    tree = Tree(head)
    for child in e.root.children:
        _add(tree, child)
    return tree


def print_explanations(console: Console, explanations: list[Explanation]) -> None:
    for e in explanations:
        console.print(explanation_tree(e), soft_wrap=False)  # soft_wrap would crop long lines
        console.print()
