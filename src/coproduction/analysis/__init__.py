"""What the model reveals: influence, power and imbalance."""
