from kxdt.cli import main

main()
