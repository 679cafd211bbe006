//! Customer wallets: an append-only ledger whose balance always equals the sum of its entries (not built yet).
