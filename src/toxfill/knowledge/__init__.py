"""C1: the cited knowledge base of toxins and fillers, validated on load."""

from toxfill.knowledge.base import KnowledgeBase, Meta
from toxfill.knowledge.loader import BUNDLED_DATA, bundled_knowledge, load_knowledge

__all__ = ["BUNDLED_DATA", "KnowledgeBase", "Meta", "bundled_knowledge", "load_knowledge"]
