//! Ride state machine, fare calculation and settlement (not built yet).
