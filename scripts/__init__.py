"""The project's tools in Python, run by the shell scripts beside them (serve, test, bench, lighthouse, build)."""
