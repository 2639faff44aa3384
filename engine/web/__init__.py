"""The local web app (`casus serve`): an HTTP API over the verdict, explain, whatif and
validate machinery, and a page with a scenario editor. Builds on `engine.render`.
"""
