"""The incident record's domain: the Incident aggregate, its entries, figures and rules.

Imports only the standard library and eventsourcing; nothing here knows HTTP or SQL.
"""
