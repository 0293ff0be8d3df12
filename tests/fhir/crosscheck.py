"""The FHIR cross-check again, with fhirpathpy (a FHIRPath engine in Python, written apart from
fhirpath.js) as the evaluator: for every case of the case suite in every language the export
carries, painpath's response for the case's answers, the Questionnaire's root variables
evaluated in order and every item's enableWhenExpression, and the same checks as
crosscheck.mjs: exactly the route's questions enabled, exactly the case's outcome and
disposition and the texts painpath shows and the labels and groups over them, each toggled
option offered as the case and the response say, every expression one boolean. Then the same for every response in WALKS_DIR
(the random walks crosscheck.mjs saved), with painpath's own result as the expectation.

A failure names the case (or the file), the language and the item. Exits 1 on any failure.

Usage: crosscheck.py PAINPATH CASES_JSON [QUESTIONS_TOML] [--walks WALKS_DIR]
"""

import json
import pathlib
import subprocess
import sys

import fhirpathpy
from fhirpathpy.models import models

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
ENABLE_WHEN = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
TOGGLE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression"
DISPOSITION = "https://painpath.example/fhir/StructureDefinition/disposition"
RESULT = "https://painpath.example/fhir/StructureDefinition/result"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
R4 = models["r4"]


class Checker:
    def __init__(self, questionnaire):
        self.questionnaire = questionnaire
        self.failures = 0
        self.variables = [
            (e["valueExpression"]["name"], fhirpathpy.compile(e["valueExpression"]["expression"], R4))
            for e in questionnaire.get("extension", [])
            if e["url"] == VARIABLE
        ]
        self.items = []
        self._collect(questionnaire["item"], None)
        # The labels over a result's lists ("What to avoid"): display items neither a rung nor
        # a text. `LIST/rung.R` under the label LIST is that list's label for rung R.
        self.headings = {
            i["linkId"] for i in self.items
            if i["type"] == "display" and not i["disposition"] and "/text." not in i["linkId"]
        }

    def expected_headings(self, shown_texts, rung):
        """Each label with a text under it shown, the rung's own where the list has one."""
        expected = set()
        for heading in self.headings:
            head, _, last = heading.rpartition("/")
            if last.startswith("rung.") and head in self.headings:
                continue
            if not any(t.startswith(heading + "/") for t in shown_texts):
                continue
            own = "%s/rung.%s" % (heading, rung)
            expected.add(own if own in self.headings else heading)
        return expected

    def _collect(self, items, parent):
        for item in items:
            extensions = item.get("extension", [])
            enable = [e for e in extensions if e["url"] == ENABLE_WHEN]
            toggles = []
            for e in extensions:
                if e["url"] != TOGGLE:
                    continue
                parts = e["extension"]
                options = [p["valueCoding"]["code"] for p in parts if p["url"] == "option"]
                expression = next(p for p in parts if p["url"] == "expression")["valueExpression"]
                toggles.append((options, fhirpathpy.compile(expression["expression"], R4)))
            rung = next((e for e in extensions if e["url"] == DISPOSITION), None)
            self.items.append(
                {
                    "linkId": item["linkId"],
                    "type": item["type"],
                    "parent": parent,
                    "enable": enable and fhirpathpy.compile(enable[0]["valueExpression"]["expression"], R4),
                    "toggles": toggles,
                    "disposition": rung
                    and next(p for p in rung["extension"] if p["url"] == "disposition")["valueCoding"]["code"],
                }
            )
            self._collect(item.get("item", []), item["linkId"])

    def fail(self, where, message):
        self.failures += 1
        print("FAIL %s: %s" % (where, message), file=sys.stderr)

    def boolean(self, where, what, compiled, response, env):
        try:
            value = compiled(response, env)
        except Exception as e:  # the evaluator's own error, reported as a failure
            self.fail(where, "%s: %s" % (what, e))
            return False
        if len(value) != 1 or not isinstance(value[0], bool):
            self.fail(where, "%s gave %r, not one boolean" % (what, value))
            return False
        return value[0]

    def check(self, where, response, case):
        env = {"resource": response, "questionnaire": self.questionnaire}
        for name, compiled in self.variables:
            try:
                env[name] = compiled(response, env)
            except Exception as e:
                self.fail(where, "variable %s: %s" % (name, e))
        enabled = set()
        for item in self.items:
            if item["enable"] and self.boolean(where, "item " + item["linkId"], item["enable"], response, env):
                enabled.add(item["linkId"])
                if item["parent"] and item["parent"] not in enabled:
                    self.fail(where, "item %s is enabled but its group %s is not" % (item["linkId"], item["parent"]))
        offered = {}
        for item in self.items:
            for options, compiled in item["toggles"]:
                on = self.boolean(where, "options %s of %s" % (options, item["linkId"]), compiled, response, env)
                for option in options:
                    offered["%s.%s" % (item["linkId"], option)] = on

        route = {i["linkId"] for i in response["item"]}
        asked = {i["linkId"] for i in self.items if not i["parent"] and i["type"] != "group" and i["linkId"] in enabled}
        if asked != route:
            self.fail(where, "enabled questions are not the route: missing %s, not expected %s"
                      % (sorted(route - asked), sorted(asked - route)))

        result = next(e for e in response["extension"] if e["url"] == RESULT)
        reached = next(p for p in result["extension"] if p["url"] == "outcome")["valueCoding"]["code"]
        outcome = case.get("outcome", reached)
        if reached != outcome:
            self.fail(where, "painpath's response reached %s, the case %s" % (reached, outcome))
        groups = [i["linkId"] for i in self.items if not i["parent"] and i["type"] == "group" and i["linkId"] in enabled]
        if groups != ["outcome." + outcome]:
            self.fail(where, "enabled results %s, expected ['outcome.%s']" % (groups, outcome))

        rung = next(e for e in response["extension"] if e["url"] == DISPOSITION)
        response_rung = next(p for p in rung["extension"] if p["url"] == "disposition")["valueCoding"]["code"]
        rungs = [i for i in self.items if i["disposition"] and i["linkId"] in enabled]
        expected = case.get("disposition", response_rung)
        if [i["disposition"] for i in rungs] != [expected] or expected != response_rung:
            self.fail(where, "enabled rungs %s, expected %s (painpath's response: %s)"
                      % ([i["linkId"] for i in rungs], expected, response_rung))

        shown = {p["valueString"] for p in result["extension"] if p["url"] == "shown"}
        shown_texts = [
            i["linkId"] for i in self.items if "/text." in i["linkId"] and i["linkId"] in enabled
        ]
        texts = {link[link.rindex("/text.") + len("/text."):] for link in shown_texts}
        if texts != shown:
            self.fail(where, "enabled texts are not those painpath shows: missing %s, not expected %s"
                      % (sorted(shown - texts), sorted(texts - shown)))
        for group in (i["linkId"] for i in self.items if i["type"] == "group" and i["parent"]):
            some = any(i["parent"] == group and i["linkId"] in enabled for i in self.items)
            if (group in enabled) != some:
                self.fail(where, "group %s is %senabled, but %s item in it is"
                          % (group, "" if group in enabled else "not ", "an" if some else "no"))
        labels = {h for h in self.headings if h in enabled}
        expected_labels = self.expected_headings(shown_texts, response_rung)
        if labels != expected_labels:
            self.fail(where, "enabled labels are not those over the texts shown: missing %s, not expected %s"
                      % (sorted(expected_labels - labels), sorted(labels - expected_labels)))
        for name in case.get("shows", []):
            if name not in texts:
                self.fail(where, "shows %s, but its item is not enabled" % name)
        for name in case.get("hides", []):
            if name in texts:
                self.fail(where, "hides %s, but its item is enabled" % name)

        picked = [
            "%s.%s" % (i["linkId"], a["valueCoding"]["code"])
            for i in response["item"]
            for a in i["answer"]
            if "valueCoding" in a
        ]
        for name in case.get("offered", []) + picked:
            if offered.get(name) is False:
                self.fail(where, "option %s is offered, but its toggle is false" % name)
        for name in case.get("not_offered", []):
            if offered.get(name) is not False:
                self.fail(where, "option %s is not offered, but its toggle is not false" % name)


def main(argv):
    args = argv[1:]
    walks = None
    if "--walks" in args:
        at = args.index("--walks")
        walks = pathlib.Path(args[at + 1])
        del args[at:at + 2]
    if len(args) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    painpath, cases_path = args[0], args[1]
    questions = ["--questions", args[2]] if len(args) == 3 else []

    def run(more):
        return subprocess.run([painpath, *questions, *more], check=True, capture_output=True, text=True).stdout

    questionnaire = json.loads(run(["export", "questionnaire"]))
    cases = json.loads(pathlib.Path(cases_path).read_text(encoding="utf-8"))["cases"]
    languages = [questionnaire["language"]] + [
        next(p["valueCode"] for p in e["extension"] if p["url"] == "lang")
        for e in questionnaire.get("_title", {}).get("extension", [])
        if e["url"] == TRANSLATION
    ]
    checker = Checker(questionnaire)
    runs = 0
    for lang in languages:
        for case in cases:
            where = 'case "%s" (%s)' % (case["name"], lang)
            answers = []
            for question, answer in case["answers"].items():
                value = ",".join(answer) if isinstance(answer, list) else str(answer)
                answers += ["--answer", "%s=%s" % (question, value)]
            try:
                response = json.loads(run(["--lang", lang, "export", "response", *answers]))
            except subprocess.CalledProcessError as e:
                checker.fail(where, "painpath export response refused the answers: %s" % e.stderr.strip())
                continue
            checker.check(where, response, case)
            runs += 1
    walked = 0
    for path in sorted(walks.glob("*.json")) if walks else []:
        checker.check(path.name, json.loads(path.read_text(encoding="utf-8")), {})
        walked += 1
    print(
        "fhirpathpy %s: %d of %d case runs (%d cases x %s) and %d saved walks checked, %d failure(s)"
        % (fhirpathpy.__version__ if hasattr(fhirpathpy, "__version__") else "", runs,
           len(cases) * len(languages), len(cases), ", ".join(languages), walked, checker.failures)
    )
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
