"""Text knowledge several stages share, below all of them: character classes and widths
(`chars`), traditional/simplified folding (`variants`), the patterns reflow and parse both
recognise (`patterns`), web-page chrome (`chrome`), 目录提要-to-title matching (`matching`), a
draft's placeholder texts (`placeholders`), and the generated character tables (`tables`, read
from kxdt/data). Imports nothing from kxdt but its own modules."""
