"""fastmle."""
