"""`chunk_spans` as a llama-index node parser, for those who build on llama-index.

Our own ingestion calls `ingest.chunk.chunk_document` directly; this adapter lets the same
Chinese, token-bounded chunking plug into an `IngestionPipeline`:

    from llama_index.core.ingestion import IngestionPipeline
    pipeline = IngestionPipeline(transformations=[ChineseSentenceSplitter(max_tokens=256)])

It lives apart from ingest/chunk.py so that ingestion does not import llama-index's node
machinery on every run for an adapter it never uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.node_parser.interface import NodeParser
from llama_index.core.schema import BaseNode, NodeRelationship, TextNode

from ingest.chunk import chunk_spans


class ChineseSentenceSplitter(NodeParser):
    """`chunk_spans` as a llama-index node parser, so it plugs into an `IngestionPipeline`."""

    max_tokens: int = 320
    overlap_sentences: int = 1

    def _parse_nodes(self, nodes: Sequence[BaseNode], show_progress: bool = False, **kwargs: Any) -> list[BaseNode]:
        """One TextNode per chunk, with character offsets into the parent node's text."""
        out: list[BaseNode] = []
        for node in nodes:
            text = node.get_content()
            for start, end in chunk_spans(text, self.max_tokens, self.overlap_sentences):
                out.append(
                    TextNode(
                        text=text[start:end],
                        start_char_idx=start,
                        end_char_idx=end,
                        metadata=dict(node.metadata),
                        excluded_embed_metadata_keys=list(node.excluded_embed_metadata_keys),
                        excluded_llm_metadata_keys=list(node.excluded_llm_metadata_keys),
                        relationships={NodeRelationship.SOURCE: node.as_related_node_info()},
                    )
                )
        return out
