"""Help you can trust: the ledger's hash chain, collusion detection and screenshot evidence."""
