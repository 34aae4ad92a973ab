"""Views of trees and results: diagrams (SVG, Graphviz), the HTML viewer, text outlines and plots."""
