"""Evaluation: eval sets, metrics, the runner, reports and the regression gate.

Eval sets: dev `evals/*.yaml`, test `evals/test/*.yaml` (the blind split).

- cases.py: load and validate eval sets (both splits) against the knowledge base
- metrics.py: small pure metric functions (hit@k, MRR, nDCG, citation validity, ...)
- signals.py (+ signals.yaml): offer status, contradictions, the asker's situation, settled fields
- plain.py: the plain baseline, LangChain's Chroma similarity retriever (k = 4)
- runner.py: run cases through the real retriever and chat service
- scoring.py: score one answer; results.py: per-case results, aggregation per group, split, provider
- judge.py: optional LLM-as-judge (faithfulness, answer relevance)
- report.py: JSON document, HTML report, terminal summary (plots.py draws its figures)
- baseline.py: the stored baseline and the `--check` regression gate
- suite.py: `navigator eval`, everything above in one call
"""
