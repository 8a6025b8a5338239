"""What the office owes under the DSGVO: access, erasure, retention, consent and the record of processing."""
