"""The classroom stage: the terminal quiz, its stored results, hand marking and the teacher's report."""
