"""The Instability page: its controls, sections and figures."""
