"""Evaluation: eval sets (`evals/*.yaml`), metrics, the runner, reports and the regression gate.

- cases.py: load and validate eval sets against the knowledge base
- metrics.py: small pure metric functions (hit@k, MRR, nDCG, citation validity, ...)
- runner.py: run cases through the real retriever and chat service; aggregate per group
- judge.py: optional LLM-as-judge (faithfulness, answer relevance)
- report.py: JSON document, HTML report, terminal summary (plots.py draws its figures)
- baseline.py: the stored baseline and the `--check` regression gate
- suite.py: `navigator eval`, everything above in one call
"""
