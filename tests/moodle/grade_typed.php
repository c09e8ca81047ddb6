<?php
// Grade answers with a real Moodle's own question engine: import a Moodle XML or GIFT file into a
// new course's question bank (qformat_xml / qformat_gift, the import form's defaults), then for
// each question named in the answers file attempt it with the deferred-feedback behaviour (a
// quiz's default), save the answer, finish, and report Moodle's state and fraction.
//
// Usage: php grade_typed.php MOODLE_DIR xml|gift FILE ANSWERS_JSON
//   ANSWERS_JSON: {"question name": [answer, ...], ...}; an answer is the typed text, or for a
//   multiple-answer question {"tick": ["choice text", ...]} (the boxes ticked, by their text)
//   prints {"question name": [{"typed", "saved_state", "state", "fraction"}, ...], ...}
// It adds a course to that Moodle each run; it changes nothing else.

define('CLI_SCRIPT', true);

[, $moodle, $format, $file, $answersfile] = $argv + [null, null, null, null, null];
if (!$answersfile || !in_array($format, ['xml', 'gift'], true)) {
    fwrite(STDERR, "usage: php grade_typed.php MOODLE_DIR xml|gift FILE ANSWERS_JSON\n");
    exit(2);
}
$typedby = json_decode(file_get_contents($answersfile), true);

require($moodle . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->libdir . '/questionlib.php');
require_once($CFG->dirroot . '/question/format.php');
require_once($CFG->dirroot . '/question/format/' . $format . '/format.php');
require_once($CFG->dirroot . '/question/engine/lib.php');

use core_question\local\bank\question_edit_contexts;

\core\session\manager::set_user(get_admin());

$stamp = date('Ymd-His') . '-' . random_string(4);
$course = create_course((object)[
    'fullname' => "quizkit typed answers $format $stamp",
    'shortname' => "qk-typed-$format-$stamp",
    'category' => $DB->get_field_sql('SELECT MIN(id) FROM {course_categories}'),
]);
$context = context_course::instance($course->id);
$contexts = new question_edit_contexts($context);
$classname = 'qformat_' . $format;
$qformat = new $classname();
$qformat->setCategory(question_make_default_categories($contexts->all()));
$qformat->setContexts($contexts->having_one_edit_tab_cap('import'));
$qformat->setCourse($course);
$qformat->setFilename(realpath($file));
$qformat->setRealfilename(basename($file));
$qformat->setMatchgrades('error');
$qformat->setCatfromfile(true);
$qformat->setContextfromfile(true);
$qformat->setStoponerror(true);
ob_start();
$ok = $qformat->importpreprocess() && $qformat->importprocess() && $qformat->importpostprocess();
$printed = ob_get_clean();
if (!$ok) {
    fwrite(STDERR, "import failed:\n" . strip_tags($printed) . "\n");
    exit(1);
}

$sql = "SELECT q.id, q.name
          FROM {question} q
          JOIN {question_versions} qv ON qv.questionid = q.id
          JOIN {question_bank_entries} qbe ON qbe.id = qv.questionbankentryid
          JOIN {question_categories} qc ON qc.id = qbe.questioncategoryid
         WHERE qc.contextid = ?";
$ids = [];
foreach ($DB->get_records_sql($sql, [$context->id]) as $row) {
    $ids[$row->name] = $row->id;
}

$result = [];
foreach ($typedby as $name => $typedlist) {
    if (!isset($ids[$name])) {
        fwrite(STDERR, "no question named $name\n");
        exit(1);
    }
    $result[$name] = [];
    foreach ($typedlist as $typed) {
        $quba = question_engine::make_questions_usage_by_activity('core_question_preview', $context);
        $quba->set_preferred_behaviour('deferredfeedback');
        $question = question_bank::load_question($ids[$name]);
        $slot = $quba->add_question($question, $question->defaultmark);
        $quba->start_all_questions();
        if (is_array($typed)) {
            // Tick boxes by their text: each attempt shuffles the order, so go by Moodle's order.
            $qa = $quba->get_question_attempt($slot);
            $response = [];
            foreach ($qa->get_question()->get_order($qa) as $key => $answerid) {
                $text = trim(html_entity_decode(strip_tags($question->answers[$answerid]->answer)));
                $response["choice$key"] = in_array($text, $typed['tick'], true) ? '1' : '0';
            }
            $quba->process_action($slot, $response);
        } else {
            // As the quiz form posts it: the field's value, cleaned by the question type's own rule.
            $quba->process_action($slot, ['answer' => $typed]);
        }
        $saved = (string)$quba->get_question_state($slot);
        $quba->finish_all_questions();
        $result[$name][] = ['typed' => $typed, 'saved_state' => $saved,
            'state' => (string)$quba->get_question_state($slot),
            'fraction' => (float)$quba->get_question_fraction($slot)];
    }
}
echo json_encode($result, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT), "\n";
