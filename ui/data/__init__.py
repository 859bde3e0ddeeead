"""The Data page: upload, the understanding report, and the indicator explorer's figures."""
