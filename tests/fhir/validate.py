"""Validates painpath's FHIR exports three ways; exits non-zero on any problem.

1. The official FHIR R4 JSON schema (fhir.schema.json, draft-06), as the spec intends: the
   whole schema, whose root picks the definition by resourceType.
2. The fhir.resources package's R4B models (pydantic), which also check required elements and
   the dateTime format but not code values; the schema covers those.
3. Consistency between each response and its questionnaire: canonical reference, linkIds,
   answer types and option codes (neither validator can see across two resources).
4. The shapes of the SDC extensions that carry the branching (neither validator knows them):
   each `variable` a named FHIRPath Expression whose name is a FHIRPath identifier, defined
   once; each expression naming only variables defined before it (or %resource,
   %questionnaire and %factory); each `enableWhenExpression` an unnamed FHIRPath Expression; each
   `answerOptionsToggleExpression` options of the item's own answerOption and one expression;
   each `answerExpression` an unnamed FHIRPath Expression on a choice item with no
   answerOption or answerValueSet (SDC allows it only there); each `questionnaire-itemControl`
   a code of the item-control system that fits the item (radio-button on a single choice,
   check-box on a repeating one); each `rendering-style` on a text a CSS string; each
   `translation` a lang and a content; each group with items, and no display item with any
   (que-1).
   Whether the expressions walk the tree as painpath does is crosscheck.mjs's job.

Before trusting a pass, each validator must reject a deliberately broken copy (a self-test),
so a validator that accepts everything cannot make this script pass.

Usage: validate.py SCHEMA_JSON EXPORT_DIR
EXPORT_DIR holds questionnaire-*.json and, for each, response-<same name>-*.json.
"""

import copy
import json
import pathlib
import re
import sys

import jsonschema
from fhir.resources import __version__ as fhir_resources_version
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

MODELS = {"Questionnaire": Questionnaire, "QuestionnaireResponse": QuestionnaireResponse}
ANSWER_KEY = {"choice": "valueCoding", "integer": "valueInteger", "boolean": "valueBoolean"}
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
ENABLE_WHEN = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
TOGGLE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression"
ANSWER_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
RENDERING_STYLE = "http://hl7.org/fhir/StructureDefinition/rendering-style"
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
REFERENCE = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)")


def schema_errors(schema, validator, resource):
    """Errors of `resource` against the whole schema, explained against its own definition."""
    if validator.is_valid(resource):
        return []
    # The root's oneOf over ~145 resources gives one useless error; ask the definition itself.
    focused = dict(schema)
    focused.pop("oneOf", None)
    focused.pop("discriminator", None)
    focused["$ref"] = "#/definitions/" + str(resource.get("resourceType"))
    errors = sorted(
        jsonschema.Draft6Validator(focused).iter_errors(resource), key=lambda e: list(e.path)
    )
    if not errors:
        return ["does not match the FHIR R4 schema (resourceType %r)" % resource.get("resourceType")]
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message) for e in errors]


def model_errors(resource):
    model = MODELS.get(resource.get("resourceType"))
    if model is None:
        return ["unexpected resourceType %r" % resource.get("resourceType")]
    try:
        model.model_validate(resource)
    except Exception as err:  # pydantic's ValidationError, or fhir_core's own errors
        return [line for line in str(err).splitlines() if line.strip()]
    return []


TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


def text_in(element, key, language, own_language):
    """element[key] in `language`: the text itself in the questionnaire's own language, else
    the content of its translation extension (on element["_" + key]) for that language."""
    if language == own_language:
        return element.get(key)
    for ext in element.get("_" + key, {}).get("extension", []):
        if ext.get("url") != TRANSLATION:
            continue
        parts = {p.get("url"): p for p in ext.get("extension", [])}
        if parts.get("lang", {}).get("valueCode") == language:
            return parts.get("content", {}).get("valueString")
    return None


def consistency_errors(questionnaire, response):
    errors = []
    wanted = "%s|%s" % (questionnaire["url"], questionnaire["version"])
    if response.get("questionnaire") != wanted:
        errors.append("questionnaire is %r, expected %r" % (response.get("questionnaire"), wanted))
    if response.get("status") != "completed":
        errors.append("status is %r, expected 'completed'" % response.get("status"))
    if not str(response.get("authored", "")).endswith("Z"):
        errors.append("authored %r is not in UTC" % response.get("authored"))
    items = {item["linkId"]: item for item in questionnaire.get("item", [])}
    seen = set()
    for answered in response.get("item", []):
        link = answered.get("linkId")
        item = items.get(link)
        if item is None:
            errors.append("item %r is not in the questionnaire" % link)
            continue
        if link in seen:
            errors.append("item %r appears twice" % link)
        seen.add(link)
        language = response.get("language", questionnaire.get("language"))
        wanted_text = text_in(item, "text", language, questionnaire.get("language"))
        if wanted_text is None:
            errors.append("item %r has no text in %r, the response's language" % (link, language))
        elif answered.get("text") != wanted_text:
            errors.append("item %r: text differs from the questionnaire's in %r" % (link, language))
        answers = answered.get("answer", [])
        if not answers:
            errors.append("item %r has no answer" % link)
        if len(answers) > 1 and not item.get("repeats"):
            errors.append("item %r has %d answers but does not repeat" % (link, len(answers)))
        key = ANSWER_KEY.get(item.get("type"))
        if key is None:
            errors.append("item %r has type %r, which painpath does not export" % (link, item.get("type")))
            continue
        codes = {
            (o["valueCoding"]["system"], o["valueCoding"]["code"])
            for o in item.get("answerOption", [])
        }
        for answer in answers:
            if list(answer) != [key]:
                errors.append("item %r (%s) answered with %s" % (link, item["type"], list(answer)))
                continue
            if key == "valueCoding":
                coding = answer[key]
                if (coding.get("system"), coding.get("code")) not in codes:
                    errors.append("item %r: code %r is not an answerOption" % (link, coding.get("code")))
            if key == "valueInteger":
                bounds = {
                    e["url"].rsplit("/", 1)[-1]: e["valueInteger"]
                    for e in item.get("extension", [])
                    if "valueInteger" in e
                }
                if not bounds.get("minValue", answer[key]) <= answer[key] <= bounds.get("maxValue", answer[key]):
                    errors.append("item %r: %d is out of range" % (link, answer[key]))
    return errors


def expression_errors(where, value, named, defined):
    """A FHIRPath Expression: named (a variable) or not, and naming only defined variables."""
    errors = []
    if not isinstance(value, dict) or value.get("language") != "text/fhirpath":
        return ["%s: not a text/fhirpath Expression" % where]
    if not isinstance(value.get("expression"), str) or not value["expression"]:
        errors.append("%s: no expression" % where)
    name = value.get("name")
    if named and not (isinstance(name, str) and IDENTIFIER.match(name)):
        errors.append("%s: name %r is not a FHIRPath identifier" % (where, name))
    if not named and name is not None:
        errors.append("%s: named %r, but only a variable has a name" % (where, name))
    for used in REFERENCE.findall(value.get("expression") or ""):
        if used not in defined:
            errors.append("%s: %%%s is not a variable defined before it" % (where, used))
    return errors


def sdc_errors(questionnaire):
    """The SDC extensions' shapes (4. above)."""
    errors = []
    # %factory: FHIR's type factory (FHIRPath in FHIR, "Type Factory API"), for answerExpression.
    defined = {"resource", "questionnaire", "factory"}
    for ext in questionnaire.get("extension", []):
        if ext.get("url") != VARIABLE:
            continue
        value = ext.get("valueExpression")
        name = (value or {}).get("name")
        errors += expression_errors("variable %r" % name, value, True, defined)
        if name in defined:
            errors.append("variable %r is defined twice" % name)
        defined.add(name)

    def walk(items):
        for item in items:
            link = item.get("linkId")
            children = item.get("item", [])
            if item.get("type") == "group" and not children:
                errors.append("group %r has no items (que-1)" % link)
            if item.get("type") == "display" and children:
                errors.append("display item %r has items (que-1)" % link)
            codes = {o.get("valueCoding", {}).get("code") for o in item.get("answerOption", [])}
            errors.extend(text_extension_errors(link, item.get("_text")))
            for ext in item.get("extension", []):
                if ext.get("url") == ANSWER_EXPRESSION:
                    errors.extend(
                        expression_errors("item %r answerExpression" % link, ext.get("valueExpression"), False, defined)
                    )
                    if item.get("answerOption") or item.get("answerValueSet"):
                        errors.append("item %r: answerExpression beside answerOption or answerValueSet" % link)
                    if item.get("type") != "choice":
                        errors.append("item %r: answerExpression on a %r item" % (link, item.get("type")))
                if ext.get("url") == ITEM_CONTROL:
                    codings = (ext.get("valueCodeableConcept") or {}).get("coding", [])
                    wanted = "check-box" if item.get("repeats") else "radio-button"
                    if item.get("type") != "choice" or [(c.get("system"), c.get("code")) for c in codings] != [
                        (ITEM_CONTROL_SYSTEM, wanted)
                    ]:
                        errors.append("item %r (%s): itemControl %r, expected %s" % (link, item.get("type"), codings, wanted))
                if ext.get("url") == ENABLE_WHEN:
                    errors.extend(
                        expression_errors("item %r enableWhenExpression" % link, ext.get("valueExpression"), False, defined)
                    )
                if ext.get("url") == TOGGLE:
                    parts = ext.get("extension", [])
                    options = [p for p in parts if p.get("url") == "option"]
                    expressions = [p for p in parts if p.get("url") == "expression"]
                    if not options or len(expressions) != 1 or len(options) + 1 != len(parts):
                        errors.append("item %r: a toggle needs options and one expression" % link)
                    for option in options:
                        if option.get("valueCoding", {}).get("code") not in codes:
                            errors.append("item %r: toggled option %r is not an answerOption" % (link, option))
                    for e in expressions:
                        errors.extend(
                            expression_errors("item %r toggle" % link, e.get("valueExpression"), False, defined)
                        )
            walk(children)

    walk(questionnaire.get("item", []))
    return errors


def text_extension_errors(link, element):
    """The extensions on an item's `_text`: translations and a style, nothing else."""
    errors = []
    for ext in (element or {}).get("extension", []):
        if ext.get("url") == TRANSLATION:
            parts = {p.get("url"): p for p in ext.get("extension", [])}
            if set(parts) != {"lang", "content"} or not parts["lang"].get("valueCode") or not parts[
                "content"
            ].get("valueString"):
                errors.append("item %r: a translation needs a lang code and a content string" % link)
        elif ext.get("url") == RENDERING_STYLE:
            if not isinstance(ext.get("valueString"), str) or not ext["valueString"] or len(ext) != 2:
                errors.append("item %r: rendering-style needs one CSS valueString" % link)
        else:
            errors.append("item %r: unexpected extension %r on its text" % (link, ext.get("url")))
    return errors


def self_test(schema, validator):
    """Each check must catch a broken resource, or its passes mean nothing."""
    questionnaire = {
        "resourceType": "Questionnaire",
        "status": "active",
        "url": "https://painpath.example/fhir/Questionnaire/t",
        "version": "1",
        "item": [{"linkId": "a", "text": "A?", "type": "boolean"}],
    }
    response = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "https://painpath.example/fhir/Questionnaire/t|1",
        "status": "completed",
        "authored": "2026-01-01T00:00:00Z",
        "item": [{"linkId": "a", "text": "A?", "answer": [{"valueBoolean": True}]}],
    }
    problems = []
    if schema_errors(schema, validator, questionnaire) or schema_errors(schema, validator, response):
        problems.append("the schema rejects a valid sample")
    if model_errors(questionnaire) or model_errors(response) or consistency_errors(questionnaire, response):
        problems.append("the models or the consistency check reject a valid sample")
    bad_code = copy.deepcopy(questionnaire)
    bad_code["item"][0]["type"] = "choise"
    bad_time = copy.deepcopy(response)
    bad_time["authored"] = "2026-01-01T00:00:00"
    if not schema_errors(schema, validator, bad_code) or not schema_errors(schema, validator, bad_time):
        problems.append("the schema accepts a misspelt item type or a dateTime without zone")
    missing = copy.deepcopy(questionnaire)
    del missing["item"][0]["linkId"]
    if not model_errors(missing) or not model_errors(bad_time):
        problems.append("the R4B models accept a missing linkId or a dateTime without zone")
    wrong_type = copy.deepcopy(response)
    wrong_type["item"][0]["answer"] = [{"valueInteger": 1}]
    if not consistency_errors(questionnaire, wrong_type):
        problems.append("the consistency check accepts an integer answer to a boolean item")
    branching = copy.deepcopy(questionnaire)
    branching["extension"] = [
        {"url": VARIABLE, "valueExpression": {"name": "asked_a", "language": "text/fhirpath", "expression": "true"}}
    ]
    enable = {"url": ENABLE_WHEN, "valueExpression": {"language": "text/fhirpath", "expression": "%asked_a"}}
    branching["item"][0]["extension"] = [enable]
    if sdc_errors(branching):
        problems.append("the SDC shape check rejects a valid sample")
    for broken in ("%asked_b", None):
        bad = copy.deepcopy(branching)
        bad["item"][0]["extension"][0]["valueExpression"]["expression"] = broken
        if not sdc_errors(bad):
            problems.append("the SDC shape check accepts the expression %r" % broken)
    choice = copy.deepcopy(branching)
    choice["item"][0].update(type="choice", answerOption=[{"valueCoding": {"system": "s", "code": "x"}}])
    control = {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "radio-button"}]}}
    listed = {"url": ANSWER_EXPRESSION, "valueExpression": {"language": "text/fhirpath", "expression": "%asked_a"}}
    style = {"url": RENDERING_STYLE, "valueString": "font-weight: bold"}
    choice["item"][0]["extension"].append(control)
    choice["item"][0]["_text"] = {"extension": [style]}
    if sdc_errors(choice):
        problems.append("the SDC shape check rejects a valid choice item")
    both = copy.deepcopy(choice)
    both["item"][0]["extension"].append(listed)
    boxes = copy.deepcopy(choice)
    boxes["item"][0]["extension"][1]["valueCodeableConcept"]["coding"][0]["code"] = "check-box"
    unstyled = copy.deepcopy(choice)
    unstyled["item"][0]["_text"]["extension"][0] = {"url": RENDERING_STYLE, "valueInteger": 1}
    for what, bad in (("answerExpression beside answerOption", both), ("check-box on a single choice", boxes),
                      ("a style that is not a string", unstyled)):
        if not sdc_errors(bad):
            problems.append("the SDC shape check accepts %s" % what)
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path, export_dir = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft6Validator.check_schema(schema)
    validator = jsonschema.Draft6Validator(schema)

    problems = self_test(schema, validator)
    for problem in problems:
        print("SELF-TEST FAILED: " + problem, file=sys.stderr)
    if problems:
        return 1

    failures = 0
    counts = {"Questionnaire": 0, "QuestionnaireResponse": 0}
    questionnaires = sorted(export_dir.glob("questionnaire-*.json"))
    if not questionnaires:
        print("no questionnaire-*.json in %s" % export_dir, file=sys.stderr)
        return 1
    for q_path in questionnaires:
        questionnaire = json.loads(q_path.read_text(encoding="utf-8"))
        stem = q_path.stem[len("questionnaire-"):]
        files = [(q_path, questionnaire, None)]
        for r_path in sorted(export_dir.glob("response-%s-*.json" % stem)):
            files.append((r_path, json.loads(r_path.read_text(encoding="utf-8")), questionnaire))
        for path, resource, answered in files:
            errors = ["FHIR R4 JSON schema: " + e for e in schema_errors(schema, validator, resource)]
            errors += ["fhir.resources R4B: " + e for e in model_errors(resource)]
            if answered is not None:
                errors += ["consistency: " + e for e in consistency_errors(answered, resource)]
            else:
                errors += ["SDC extensions: " + e for e in sdc_errors(resource)]
            if errors:
                failures += 1
                print("FAIL %s" % path.name, file=sys.stderr)
                for error in errors:
                    print("    " + error, file=sys.stderr)
            else:
                counts[resource["resourceType"]] += 1
                print("ok   %s" % path.name)
    if failures:
        print("FHIR validation FAILED: %d file(s) invalid" % failures, file=sys.stderr)
        return 1
    print(
        "FHIR validation passed: %d Questionnaire and %d QuestionnaireResponse resources valid "
        "against the FHIR R4 JSON schema and fhir.resources %s R4B models"
        % (counts["Questionnaire"], counts["QuestionnaireResponse"], fhir_resources_version)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
