"""Survey definitions: the model, loading and validation."""
from .loader import DefinitionError, load_definition, parse_definition
from .model import Condition, Option, Page, Question, Row, SurveyDefinition, Text

__all__ = ["Condition", "DefinitionError", "Option", "Page", "Question", "Row",
           "SurveyDefinition", "Text", "load_definition", "parse_definition"]
