"""Views of trees and results: Graphviz diagrams, text outlines and plots."""
